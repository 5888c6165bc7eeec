/**
 * Several ingest processes on one PostgreSQL archive: they split one input with --shard, and every
 * article is stored exactly once, duplicates included, with the archive consistent afterwards.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { BIN, storyline } from '../cli/run.ts';
import { tempDir } from '../helpers.ts';
import { syntheticArticles, toJsonl } from '../synthetic.ts';
import { HAVE_POSTGRES, freshPgSchema } from '../store/backends.ts';

const dir = tempDir('storyline-pg-');
afterAll(() => dir.cleanup());

function run(args: string[]): Promise<{ code: number | null; stdout: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, ...args], { stdio: ['ignore', 'pipe', 'ignore'] });
    let stdout = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.on('exit', (code) => resolve({ code, stdout }));
  });
}

describe.skipIf(!HAVE_POSTGRES)('four ingest processes on PostgreSQL', () => {
  it('split one input and store every article once, near-duplicates included', async () => {
    const articles = syntheticArticles(400, 11);
    // Syndicated copies under other URLs, spread through the file so different shards see pairs at once.
    const copies = articles.slice(0, 40).map((a, i) => ({ ...a, url: `https://copy.example/${i}`, headline: `${a.headline} (syndicated)` }));
    const file = join(dir.path, 'mixed.jsonl');
    writeFileSync(file, toJsonl([...articles, ...copies].sort((a, b) => a.url.localeCompare(b.url))));
    const schema = await freshPgSchema();
    try {
      storyline(['migrate', '--db', schema.url]);
      const runs = await Promise.all([1, 2, 3, 4].map((k) => run(['ingest', file, '--db', schema.url, '--json', '--shard', `${k}/4`])));
      const lines = runs.flatMap((r) => r.stdout.trim().split('\n').filter(Boolean).map((l) => JSON.parse(l)));
      expect(runs.map((r) => r.code)).toEqual([0, 0, 0, 0]);
      expect(lines).toHaveLength(440); // every item handled by exactly one process
      expect(new Set(lines.map((l) => l.input)).size).toBe(440);
      const stats = JSON.parse(storyline(['stats', '--db', schema.url, '--json']).stdout);
      expect(stats).toMatchObject({ articles: 400, duplicates: 40 });
      expect(JSON.parse(storyline(['check', '--db', schema.url, '--json']).stdout)).toEqual({ ok: true, problems: [] });
    } finally {
      await schema.drop();
    }
  }, 600_000);
});
