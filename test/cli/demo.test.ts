import { afterAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { storyline } from './run.ts';
import { tempDir } from '../helpers.ts';

const dir = tempDir('storyline-demo-');
afterAll(() => dir.cleanup());

describe('storyline demo --no-serve', () => {
  it('ingests every demo article once, marks the syndicated copies, and finds the demo stories', () => {
    const db = join(dir.path, 'demo.db');
    const run = storyline(['demo', '--db', db, '--no-serve']);
    expect(run.code, run.stderr).toBe(0);
    const manifest = JSON.parse(readFileSync(new URL('../../examples/demo-manifest.json', import.meta.url), 'utf8')) as {
      articles: { duplicateOf: string | null; story: string | null }[];
    };
    const copies = manifest.articles.filter((a) => a.duplicateOf).length;
    const stats = JSON.parse(storyline(['stats', '--db', db, '--json']).stdout);
    expect(stats).toMatchObject({ articles: manifest.articles.length - copies, duplicates: copies });
    const stories = storyline(['stories', '--db', db, '--json', '--limit', '100'])
      .stdout.trim().split('\n').map((l) => JSON.parse(l) as { articleCount: number });
    const goldStories = new Set(manifest.articles.map((a) => a.story).filter(Boolean)).size;
    expect(stories.filter((s) => s.articleCount > 1).length).toBe(goldStories);
    // Running it again adds nothing, with the archive named as any other command takes it.
    expect(storyline(['demo', '--no-serve'], { cwd: dir.path, env: { STORYLINE_DB: db } }).stdout).toMatch(/new 0, updated 0, unchanged \d+/);
  }, 300_000);
});
