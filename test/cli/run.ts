/** Runs the real `storyline` executable, as a user would. */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/**
 * Time allowed to a test that runs the executable several times: each run starts Node and opens an
 * archive, 1-3 s on a loaded 2-core machine while the other test files run beside it.
 */
export const CLI_TIMEOUT = 180_000;

export const BIN = fileURLToPath(new URL('../../bin/storyline.js', import.meta.url));

export function storyline(args: string[], options: { input?: string | Buffer; cwd?: string; env?: NodeJS.ProcessEnv } = {}) {
  const r = spawnSync(process.execPath, [BIN, ...args], {
    input: options.input,
    cwd: options.cwd,
    env: { ...process.env, ...options.env },
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}
