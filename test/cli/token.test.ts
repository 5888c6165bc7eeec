import { afterAll, describe, expect, it } from 'vitest';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { CLI_TIMEOUT, storyline } from './run.ts';
import { tempDir } from '../helpers.ts';
import { hashToken } from '../../src/store/tokens.ts';

const dir = tempDir('storyline-token-');
const db = join(dir.path, 'tokens.db');
afterAll(() => dir.cleanup());

describe('storyline token', () => {
  it('creates (printed once), lists and revokes tokens; the database holds only hashes', () => {
    const created = storyline(['token', 'create', '--name', 'ci bot', '--db', db]);
    expect(created.code).toBe(0);
    const token = created.stdout.trim();
    expect(token).toMatch(/^sl_[A-Za-z0-9_-]{43}$/);
    expect(created.stderr).toMatch(/not shown again/);

    const json = storyline(['token', 'create', '--name', 'importer', '--db', db, '--json']);
    const second = JSON.parse(json.stdout) as { id: number; name: string; token: string };
    expect(second).toMatchObject({ name: 'importer' });

    expect(storyline(['token', 'create', '--name', 'ci bot', '--db', db]).code).toBe(1);

    const list = storyline(['token', 'list', '--db', db]);
    expect(list.stdout).toMatch(/#1 ci bot \(active/);
    expect(list.stdout).not.toContain(token);
    const listed = storyline(['token', 'list', '--db', db, '--json']).stdout.trim().split('\n').map((l) => JSON.parse(l));
    expect(listed.map((t) => t.name)).toEqual(['ci bot', 'importer']);
    expect(JSON.stringify(listed)).not.toContain('sl_');

    expect(storyline(['token', 'revoke', 'ci bot', '--db', db]).stdout).toMatch(/revoked token #1 ci bot/);
    expect(storyline(['token', 'revoke', String(second.id), '--db', db]).code).toBe(0);
    expect(storyline(['token', 'revoke', 'nobody', '--db', db]).code).toBe(1);
    expect(storyline(['token', 'list', '--db', db]).stdout).toMatch(/#1 ci bot \(revoked/);

    // Neither token appears anywhere in the database files; their hashes do.
    const bytes = readdirSync(dir.path).filter((f) => f.startsWith('tokens.db')).map((f) => readFileSync(join(dir.path, f)).toString('latin1')).join('');
    expect(bytes).not.toContain(token);
    expect(bytes).not.toContain(second.token);
    expect(bytes).toContain(hashToken(token));
  }, CLI_TIMEOUT);
});
