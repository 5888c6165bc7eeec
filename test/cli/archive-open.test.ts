/** An archive that cannot be opened gets one error line naming it and the reason, and exit code 1. */
import { afterAll, describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CLI_TIMEOUT, storyline } from './run.ts';
import { tempDir } from '../helpers.ts';

const dir = tempDir('storyline-archive-open-');
afterAll(() => dir.cleanup());

function oneErrorLine(args: string[]): string {
  const r = storyline(args);
  expect(r.code).toBe(1);
  const lines = r.stderr.trim().split('\n');
  expect(lines).toHaveLength(1);
  return lines[0]!;
}

describe('an archive that cannot be opened', { timeout: CLI_TIMEOUT }, () => {
  it('in a folder that does not exist', () => {
    const db = join(dir.path, 'missing', 'x.db');
    expect(oneErrorLine(['stats', '--db', db])).toBe(`error: cannot open the archive ${db}: Cannot open database because the directory does not exist`);
  });

  it('a file that is not a database, named by STORYLINE_DB', () => {
    const db = join(dir.path, 'notes.db');
    writeFileSync(db, 'shopping list: bread, milk, and a new archive\n'.repeat(200));
    const r = storyline(['ingest', '-', '--no-progress'], { input: '{"headline":"h","body":["b"]}\n', env: { STORYLINE_DB: db } });
    expect(r.code).toBe(1);
    expect(r.stderr.trim()).toBe(`error: cannot open the archive ${db}: file is not a database`);
  });

  it('a PostgreSQL server that does not answer, its password not shown', () => {
    const line = oneErrorLine(['stats', '--db', 'postgres://storyline:s3cret@127.0.0.1:1/archive']);
    expect(line).toMatch(/^error: cannot open the archive postgres:\/\/storyline:\*\*\*@127\.0\.0\.1:1\/archive: .*ECONNREFUSED/);
    expect(line).not.toContain('s3cret');
  });
});
