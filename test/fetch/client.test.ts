import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { brotliCompressSync, deflateSync, gzipSync } from 'node:zlib';
import { FetchError, HttpClient, USER_AGENT, parseRetryAfter } from '../../src/fetch/client.ts';
import { blockedReason, guardedLookup, type Resolver } from '../../src/fetch/guard.ts';
import { HostLimiter, type Clock } from '../../src/fetch/limiter.ts';
import { huge, startServer, trickle, type LocalServer } from './server.ts';

let server: LocalServer;
beforeAll(async () => {
  server = await startServer();
  server.route('/plain', (req, res) => {
    const etag = '"v1"';
    if (req.headers['if-none-match'] === etag) return void res.writeHead(304).end();
    res.writeHead(200, { 'content-type': 'text/plain', etag, 'last-modified': 'Mon, 02 Mar 2026 09:00:00 GMT' }).end('hello');
  });
  const text = 'compressed body '.repeat(100);
  server.route('/gzip', (_req, res) => void res.writeHead(200, { 'content-encoding': 'gzip' }).end(gzipSync(text)));
  server.route('/br', (_req, res) => void res.writeHead(200, { 'content-encoding': 'br' }).end(brotliCompressSync(text)));
  server.route('/deflate', (_req, res) => void res.writeHead(200, { 'content-encoding': 'deflate' }).end(deflateSync(text)));
  server.route('/bad-gzip', (_req, res) => void res.writeHead(200, { 'content-encoding': 'gzip' }).end('not gzip at all'));
  server.route('/loop-a', (_req, res) => void res.writeHead(302, { location: '/loop-b' }).end());
  server.route('/loop-b', (_req, res) => void res.writeHead(302, { location: '/loop-a' }).end());
  server.route('/chain', (_req, res, url) => {
    const n = Number(url.searchParams.get('n') ?? 0);
    res.writeHead(302, { location: `/chain?n=${n + 1}` }).end();
  });
  server.route('/moved', (_req, res) => void res.writeHead(301, { location: '/moved-2' }).end());
  server.route('/moved-2', (_req, res) => void res.writeHead(308, { location: '/plain' }).end());
  server.route('/temp-then-moved', (_req, res) => void res.writeHead(302, { location: '/moved' }).end());
  server.route('/to-file', (_req, res) => void res.writeHead(302, { location: 'file:///etc/passwd' }).end());
  server.route('/to-metadata', (_req, res) => void res.writeHead(302, { location: 'http://169.254.169.254/latest/meta-data/' }).end());
  server.route('/huge', huge(20 * 1024 * 1024));
  server.route('/huge-declared', (_req, res) => void res.writeHead(200, { 'content-length': String(20 * 1024 * 1024) }).end());
  server.route('/bomb', (_req, res) => void res.writeHead(200, { 'content-encoding': 'gzip' }).end(gzipSync(Buffer.alloc(20 * 1024 * 1024))));
  server.route('/slow', trickle(30));
  server.route('/limited', (_req, res) => void res.writeHead(429, { 'retry-after': '120' }).end('slow down'));
});
afterAll(async () => server.close());

/** The guard's policy with one exception, 127.0.0.1 (the test server), so redirects from it can be tested. */
const onlyLoopbackServer = (address: string) => (address === '127.0.0.1' ? undefined : blockedReason(address));

function client(options: ConstructorParameters<typeof HttpClient>[0] = {}): HttpClient {
  return new HttpClient({ minIntervalMs: 0, perHostConcurrency: 4, ...options });
}

async function failure(p: Promise<unknown>): Promise<FetchError> {
  try {
    await p;
  } catch (err) {
    expect(err).toBeInstanceOf(FetchError);
    return err as FetchError;
  }
  throw new Error('expected a FetchError');
}

describe('HttpClient', () => {
  it('sends the User-Agent and does conditional GETs', async () => {
    const c = client();
    const first = await c.get(`${server.origin}/plain`, { allowPrivate: true });
    expect(Buffer.from(first.bytes).toString()).toBe('hello');
    expect(first).toMatchObject({ status: 200, notModified: false, etag: '"v1"', lastModified: 'Mon, 02 Mar 2026 09:00:00 GMT' });
    expect(server.log.at(-1)?.headers['user-agent']).toBe(USER_AGENT);
    const second = await c.get(`${server.origin}/plain`, { allowPrivate: true, etag: first.etag, lastModified: first.lastModified });
    expect(second).toMatchObject({ status: 304, notModified: true });
    expect(server.log.at(-1)?.headers['if-modified-since']).toBe('Mon, 02 Mar 2026 09:00:00 GMT');
    await c.close();
  });

  it('decodes gzip, brotli and deflate bodies', async () => {
    const c = client();
    for (const path of ['/gzip', '/br', '/deflate']) {
      const res = await c.get(`${server.origin}${path}`, { allowPrivate: true });
      expect(Buffer.from(res.bytes).toString()).toBe('compressed body '.repeat(100));
    }
    expect((await failure(c.get(`${server.origin}/bad-gzip`, { allowPrivate: true }))).kind).toBe('decoding');
    await c.close();
  });

  it('follows redirects itself, stops loops and long chains, and reports permanent moves', async () => {
    const c = client();
    const loop = await failure(c.get(`${server.origin}/loop-a`, { allowPrivate: true }));
    expect(loop.kind).toBe('redirects');
    expect(loop.message).toMatch(/redirect loop/);
    const chain = await failure(c.get(`${server.origin}/chain`, { allowPrivate: true }));
    expect(chain.message).toMatch(/too many redirects \(more than 5\)/);
    expect(server.log.filter((l) => l.path.startsWith('/chain')).length).toBe(6);
    const moved = await c.get(`${server.origin}/moved`, { allowPrivate: true });
    expect(moved).toMatchObject({ status: 200, url: `${server.origin}/plain`, movedTo: `${server.origin}/plain` });
    const temp = await c.get(`${server.origin}/temp-then-moved`, { allowPrivate: true });
    expect(temp.movedTo).toBeUndefined();
    await c.close();
  });

  it('re-checks every redirect hop', async () => {
    const c = client();
    expect((await failure(c.get(`${server.origin}/to-file`, { allowPrivate: true }))).message).toMatch(/only http and https/);
    // Without allowPrivate, with only the test server's own address let through: its redirect to the
    // metadata service is refused before any connection is made.
    const guarded = client({ policy: onlyLoopbackServer });
    const before = server.log.length;
    const err = await failure(guarded.get(`${server.origin}/to-metadata`));
    expect(err.kind).toBe('blocked');
    expect(err.message).toMatch(/refused to fetch 169.254.169.254: link-local/);
    expect(server.log.length).toBe(before + 1);
    await c.close();
    await guarded.close();
  });

  it('caps the response size while streaming, also after decompression', async () => {
    const c = client();
    for (const path of ['/huge', '/huge-declared', '/bomb']) {
      const err = await failure(c.get(`${server.origin}${path}`, { allowPrivate: true }));
      expect(err.kind).toBe('too-large');
      expect(err.message).toMatch(/larger than 10 MB/);
    }
    await c.close();
  });

  it('ends a response that trickles bytes with a timeout', async () => {
    const c = client({ timeoutMs: 300 });
    const started = Date.now();
    const err = await failure(c.get(`${server.origin}/slow`, { allowPrivate: true }));
    expect(err.kind).toBe('timeout');
    expect(err.message).toMatch(/timed out after 300 ms/);
    expect(Date.now() - started).toBeLessThan(2000);
    await c.close();
  });

  it('reports 429 with its Retry-After and pauses the host', async () => {
    const now = Date.parse('2026-03-02T09:00:00Z');
    const clock: Clock = { now: () => now, sleep: async () => undefined };
    const c = client({ clock, maxPauseMs: 60_000 });
    const err = await failure(c.get(`${server.origin}/limited`, { allowPrivate: true }));
    expect(err).toMatchObject({ kind: 'http', status: 429, retryAfterMs: 120_000 });
    expect(c.limiter.pausedUntil(new URL(server.origin).host)).toBe(now + 60_000);
    expect(parseRetryAfter('Mon, 02 Mar 2026 09:02:00 GMT', now)).toBe(120_000);
    expect(parseRetryAfter('soon', now)).toBeUndefined();
    await c.close();
  });
});

describe('SSRF guard', () => {
  it('refuses private, loopback, link-local and metadata addresses without sending a request', async () => {
    const c = client();
    const before = server.log.length;
    const port = server.port;
    for (const url of [
      `http://127.0.0.1:${port}/plain`,
      'http://10.0.0.1/',
      'http://169.254.169.254/latest/meta-data/',
      `http://[::1]:${port}/plain`,
      `http://localhost:${port}/plain`,
      'http://[::ffff:127.0.0.1]/',
      'http://0.0.0.0/',
      'http://100.64.0.1/',
      'http://[fe80::1]/',
      'http://[fd12::1]/',
    ]) {
      const err = await failure(c.get(url));
      expect(err.kind, url).toBe('blocked');
      expect(err.message, url).toMatch(/refused to fetch .*address \(use --allow-private/);
    }
    expect(server.log.length).toBe(before);
    for (const url of ['file:///etc/passwd', 'ftp://example.org/x', 'gopher://127.0.0.1/']) {
      expect((await failure(c.get(url))).message).toMatch(/only http and https/);
    }
    await c.close();
  });

  it('checks the address the connection uses, so DNS rebinding cannot swap it', async () => {
    // The first answer (the pre-request check) is public, the second (the connection's lookup) is loopback.
    let calls = 0;
    const rebinding: Resolver = async () => (calls++ === 0 ? [{ address: '93.184.216.34', family: 4 }] : [{ address: '127.0.0.1', family: 4 }]);
    const c = client({ resolve: rebinding });
    const before = server.log.length;
    const err = await failure(c.get(`http://rebind.test:${server.port}/plain`));
    expect(calls).toBe(2);
    expect(err.kind).toBe('blocked');
    expect(err.message).toMatch(/rebind.test resolves to 127.0.0.1: loopback/);
    expect(server.log.length).toBe(before);
    await c.close();
  });

  it('classifies addresses', () => {
    expect(blockedReason('8.8.8.8')).toBeUndefined();
    expect(blockedReason('2606:4700::1111')).toBeUndefined();
    expect(blockedReason('172.16.5.4')).toBe('private');
    expect(blockedReason('::ffff:169.254.169.254')).toBe('link-local');
    expect(blockedReason('64:ff9b::7f00:1')).toMatch(/loopback/);
    expect(blockedReason('224.0.0.251')).toBe('multicast');
  });

  it('the guarded lookup answers in both callback shapes', async () => {
    const lookup = guardedLookup(async () => [{ address: '93.184.216.34', family: 4 }]);
    const one = await new Promise((resolve) => lookup('x.test', {}, (err, address, family) => resolve([err, address, family])));
    expect(one).toEqual([null, '93.184.216.34', 4]);
    const all = await new Promise((resolve) => lookup('x.test', { all: true }, (err, addresses) => resolve([err, addresses])));
    expect(all).toEqual([null, [{ address: '93.184.216.34', family: 4 }]]);
  });
});

describe('HostLimiter', () => {
  it('keeps the interval between requests to one host and limits concurrency', async () => {
    let now = 0;
    const sleeps: number[] = [];
    const clock: Clock = { now: () => now, sleep: async (ms) => { sleeps.push(ms); now += ms; } };
    const limiter = new HostLimiter({ minIntervalMs: 1000, concurrency: 1 }, clock);
    const r1 = await limiter.acquire('a');
    const p2 = limiter.acquire('a');
    const other = await limiter.acquire('b');
    other();
    r1();
    (await p2)();
    expect(sleeps).toEqual([1000]);
  });
});
