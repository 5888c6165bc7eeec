import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listInputs, readListedInputs } from '../../src/cli/inputs.ts';
import type { InputOrFailure } from '../../src/ingest/batch.ts';
import { startServer, type LocalServer } from './server.ts';

let server: LocalServer;
beforeAll(async () => {
  server = await startServer();
  server.route('/items.jsonl', (_req, res) => void res.writeHead(200, { 'content-type': 'application/x-ndjson' }).end('{"title":"T","body":"B"}\n'));
});
afterAll(async () => server.close());

async function all(args: string[], allowPrivate?: boolean): Promise<InputOrFailure[]> {
  const out: InputOrFailure[] = [];
  for await (const item of readListedInputs((await listInputs(args)).inputs, { allowPrivate })) out.push(item);
  return out;
}

describe('ingest URL arguments', () => {
  it('fetches http(s) arguments through the guarded client', async () => {
    const [item] = await all([`${server.origin}/items.jsonl`], true);
    expect(item).toMatchObject({ ok: true, input: { name: `${server.origin}/items.jsonl`, contentType: 'application/x-ndjson', url: `${server.origin}/items.jsonl` } });
    expect(item?.ok && Buffer.from(item.input.bytes).toString()).toBe('{"title":"T","body":"B"}\n');
  });

  it('refuses private addresses without --allow-private, and other schemes always', async () => {
    const before = server.log.length;
    const items = await all([`${server.origin}/items.jsonl`, 'ftp://files.example/x', 'http://169.254.169.254/latest/meta-data/']);
    expect(items.map((i) => !i.ok && i.error)).toEqual([
      expect.stringMatching(/refused to fetch 127.0.0.1: loopback/),
      expect.stringMatching(/only http and https/),
      expect.stringMatching(/refused to fetch 169.254.169.254: link-local/),
    ]);
    expect(server.log.length).toBe(before);
  });
});
