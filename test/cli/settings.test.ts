import { afterAll, describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CLI_TIMEOUT, storyline } from './run.ts';
import { tempDir } from '../helpers.ts';

const dir = tempDir('storyline-settings-');
const db = join(dir.path, 'settings.db');
afterAll(() => dir.cleanup());

const record = (id: string, title: string, body: string, published: string) => JSON.stringify({ id, title, body, published, url: `https://news.example/${id}`, source: 'Example News' });

describe('storyline settings', { timeout: CLI_TIMEOUT }, () => {
  it("shows the quiet period, sets it (re-judging every story) and refuses a bad value with one error line", () => {
    const file = join(dir.path, 'two.jsonl');
    writeFileSync(file, [
      record('dam', 'Korsa dam sensors failed before the flood, inquiry told', 'Engineers told the Korsa inquiry that the dam sensors had failed weeks before the flood reached Velmora.', '2026-03-02T08:00:00Z'),
      record('budget', 'Finance minister Oren Saule unveils spring budget', 'Oren Saule presented the spring budget to parliament with income tax cuts for low earners.', '2026-03-20T09:00:00Z'),
    ].join('\n'));
    expect(storyline(['ingest', file, '--db', db, '--no-progress']).code).toBe(0);
    const active = () => storyline(['stories', '--active', '--json', '--db', db]).stdout.trim().split('\n').filter(Boolean).length;
    expect(active()).toBe(1);

    expect(storyline(['settings', '--db', db]).stdout).toMatch(/^quiet-days +7 /);
    const set = storyline(['settings', '--quiet-days', '30', '--db', db]);
    expect(set.code).toBe(0);
    expect(set.stdout).toMatch(/quiet-days +30 +\(was 7\): 1 story woke up, 0 stories went dormant/);
    expect(JSON.parse(storyline(['settings', '--json', '--db', db]).stdout)).toEqual({ quietDays: 30 });
    expect(active()).toBe(2);
    expect(JSON.parse(storyline(['stats', '--json', '--db', db]).stdout)).toMatchObject({ articles: 2, stories: 2, developing: 2 });

    for (const bad of ['0', '-3', 'soon', '4000']) {
      const r = storyline(['settings', '--quiet-days', bad, '--db', db]);
      expect(r.code).toBe(1);
      expect(r.stderr.trim().split('\n')).toEqual([`error: --quiet-days must be a number of days above 0 and at most 3650, not ${bad}`]);
    }
    expect(JSON.parse(storyline(['settings', '--quiet-days', '2', '--json', '--db', db]).stdout)).toEqual({ quietDays: 2, previous: 30, woke: 0, slept: 1 });
  });
});
