import { afterAll, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { join } from 'node:path';
import { BIN, storyline } from './run.ts';
import { tempDir } from '../helpers.ts';

const dir = tempDir('storyline-serve-');
afterAll(() => dir.cleanup());

describe('storyline serve', () => {
  it('renders pages when started from a directory other than its own (JSX compiled with its own tsconfig)', async () => {
    const db = join(dir.path, 'demo.db');
    expect(storyline(['demo', '--db', db, '--no-serve'], { cwd: dir.path }).code).toBe(0);
    const server = spawn(process.execPath, [BIN, 'serve', '--db', db, '--port', '0'], { cwd: dir.path, stdio: ['ignore', 'pipe', 'pipe'] });
    try {
      let out = '';
      server.stdout.setEncoding('utf8');
      while (!/serving (\S+)/.test(out)) {
        const [chunk] = (await Promise.race([once(server.stdout, 'data'), once(server, 'exit')])) as [string];
        if (typeof chunk !== 'string') throw new Error(`serve exited: ${out}`);
        out += chunk;
      }
      const url = /serving (\S+)/.exec(out)![1]!;
      const home = await fetch(url);
      expect(home.status).toBe(200);
      expect(await home.text()).toMatch(/<h2[^>]*>/);
    } finally {
      server.kill('SIGTERM');
    }
  }, 300_000);
});
