import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { runServe, parsePort } from '../../src/cli/commands/serve.ts';
import { CliError } from '../../src/cli/output.ts';
import { tempDir } from '../helpers.ts';

describe('storyline serve', () => {
  it('serves on an ephemeral port and prints the URL', async () => {
    const dir = tempDir();
    const write = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
    try {
      const { url, close } = await runServe({ db: join(dir.path, 's.db'), port: 0 });
      expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
      expect(write).toHaveBeenCalledWith(`Storyline is serving ${url}\n`);
      const res = await fetch(url);
      expect(res.status).toBe(200);
      expect(await res.text()).toContain('The archive is empty');
      await close();
    } finally {
      write.mockRestore();
      dir.cleanup();
    }
  });

  it('rejects a bad port', () => {
    expect(() => parsePort('http')).toThrow(CliError);
    expect(() => parsePort('70000')).toThrow(CliError);
    expect(parsePort(undefined)).toBe(8080);
  });
});
