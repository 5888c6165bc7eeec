/**
 * The HTTP client for feeds and article pages, on undici: conditional GET, gzip/deflate/brotli
 * decoding, manual redirects (each hop re-checked by the SSRF guard), a deadline over headers and the
 * whole body (a response that trickles bytes still ends), a streaming size cap, a descriptive
 * User-Agent, and per-host pacing and concurrency. Every failure is one FetchError with a clear message.
 */
import { pipeline, type Readable } from 'node:stream';
import { createBrotliDecompress, createGunzip, createInflate } from 'node:zlib';
import { Agent, request, type Dispatcher } from 'undici';
import { BlockedUrlError, blockedReason, checkUrl, guardedLookup, parseHttpUrl, systemResolver, type AddressPolicy, type Resolver } from './guard.ts';
import { HostLimiter, systemClock, type Clock } from './limiter.ts';

export const USER_AGENT = 'Storyline/0.1 (+https://github.com/storyline-news/storyline; self-hosted news archive)';

export const FEED_ACCEPT =
  'application/rss+xml, application/atom+xml, application/feed+json, application/json, application/x-ndjson, application/xml;q=0.9, text/xml;q=0.9, */*;q=0.8';
export const PAGE_ACCEPT = 'text/html, application/xhtml+xml;q=0.9, */*;q=0.8';

export interface HttpClientOptions {
  userAgent?: string;
  /** Deadline of one request, from sending it to the last byte of the body. */
  timeoutMs?: number;
  /** Largest body accepted, counted on the decoded bytes as they stream in. */
  maxBytes?: number;
  maxRedirects?: number;
  /** Minimum milliseconds between two requests to one host. */
  minIntervalMs?: number;
  /** Requests to one host at once. */
  perHostConcurrency?: number;
  /** Longest pause a host may ask for (Retry-After) that a request waits out instead of failing. */
  maxPauseMs?: number;
  clock?: Clock;
  /** Host name resolution (tests inject one); used by the guard and by the connections. */
  resolve?: Resolver;
  /** Which addresses are refused without allowPrivate (tests narrow it; the default is blockedReason). */
  policy?: AddressPolicy;
}

export interface FetchOptions {
  etag?: string;
  lastModified?: string;
  /** Allow loopback and private addresses (trusted local sources, tests). */
  allowPrivate?: boolean;
  accept?: string;
}

export interface FetchedResponse {
  /** The URL the body came from, after redirects. */
  url: string;
  status: number;
  /** 304: the conditional GET found nothing new (bytes is empty). */
  notModified: boolean;
  bytes: Uint8Array;
  contentType?: string;
  etag?: string;
  lastModified?: string;
  /** The target of the leading permanent redirects (301/308), when the resource has moved for good. */
  movedTo?: string;
}

export type FetchErrorKind = 'blocked' | 'timeout' | 'too-large' | 'redirects' | 'http' | 'network' | 'decoding';

export class FetchError extends Error {
  override name = 'FetchError';
  constructor(
    readonly kind: FetchErrorKind,
    message: string,
    readonly status?: number,
    /** How long the server asked us to wait (429/503 Retry-After). */
    readonly retryAfterMs?: number,
  ) {
    super(message);
  }
}

/** Hides API keys in URLs shown in messages. */
export function redactUrl(url: string): string {
  return url.replace(/([?&](?:api[-_]?key|key|token|access_token)=)[^&#]*/gi, '$1***');
}

/** Retry-After: delay-seconds or an HTTP date, as milliseconds from now (never negative). */
export function parseRetryAfter(value: string | undefined, now: number): number | undefined {
  if (!value) return undefined;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  const date = Date.parse(trimmed);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/** One response of one request: the body is read only for 2xx. */
interface Hop {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  bytes?: Buffer;
}

const REDIRECTS = new Set([301, 302, 303, 307, 308]);
const PERMANENT = new Set([301, 308]);

function header(headers: Record<string, string | string[] | undefined>, name: string): string | undefined {
  const v = headers[name];
  return Array.isArray(v) ? v[0] : v;
}

/** Drops a body we do not want: closes the stream without an unhandled 'error' from the abort. */
function discard(body: Readable): void {
  body.on('error', () => undefined);
  body.destroy();
}

function mb(bytes: number): string {
  return `${+(bytes / 1024 / 1024).toFixed(1)} MB`;
}

/** The body, decoded per Content-Encoding, read until the cap. */
async function readBody(body: Readable, contentEncoding: string | undefined, maxBytes: number, url: string): Promise<Buffer> {
  const codings = (contentEncoding ?? '')
    .split(',')
    .map((c) => c.trim().toLowerCase())
    .filter((c) => c && c !== 'identity')
    .reverse();
  const decoders = codings.map((c) => {
    if (c === 'gzip' || c === 'x-gzip') return createGunzip();
    if (c === 'deflate') return createInflate();
    if (c === 'br') return createBrotliDecompress();
    throw new FetchError('decoding', `${url}: unsupported Content-Encoding "${c}"`);
  });
  const stream: Readable = decoders.length ? (pipeline([body, ...decoders], () => undefined) as unknown as Readable) : body;
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of stream) {
      size += (chunk as Buffer).length;
      if (size > maxBytes) throw new FetchError('too-large', `${url}: response larger than ${mb(maxBytes)}`);
      chunks.push(chunk as Buffer);
    }
  } catch (err) {
    discard(body);
    if (err instanceof FetchError) throw err;
    if (decoders.length && (err as NodeJS.ErrnoException).code?.startsWith('Z_')) {
      throw new FetchError('decoding', `${url}: could not decode the ${codings.join(', ')} body: ${(err as Error).message}`);
    }
    throw err;
  }
  return Buffer.concat(chunks);
}

export class HttpClient {
  readonly userAgent: string;
  readonly timeoutMs: number;
  readonly maxBytes: number;
  readonly maxRedirects: number;
  readonly limiter: HostLimiter;
  private readonly maxPauseMs: number;
  private readonly clock: Clock;
  private readonly resolve: Resolver;
  private readonly policy: AddressPolicy;
  private guarded?: Agent;
  private open?: Agent;

  constructor(options: HttpClientOptions = {}) {
    this.userAgent = options.userAgent ?? USER_AGENT;
    this.timeoutMs = options.timeoutMs ?? 30_000;
    this.maxBytes = options.maxBytes ?? 10 * 1024 * 1024;
    this.maxRedirects = options.maxRedirects ?? 5;
    this.maxPauseMs = options.maxPauseMs ?? 60_000;
    this.clock = options.clock ?? systemClock;
    this.resolve = options.resolve ?? systemResolver;
    this.policy = options.policy ?? blockedReason;
    this.limiter = new HostLimiter(
      { minIntervalMs: options.minIntervalMs ?? 1_000, concurrency: options.perHostConcurrency ?? 2 },
      this.clock,
    );
  }

  /** The guarded agent connects only to addresses its own lookup has checked (no DNS rebinding). */
  private agent(allowPrivate: boolean): Dispatcher {
    if (allowPrivate) return (this.open ??= new Agent({ connections: 16 }));
    return (this.guarded ??= new Agent({ connections: 16, connect: { lookup: guardedLookup(this.resolve, this.policy) } }));
  }

  /** GETs a URL, following at most maxRedirects redirects. Throws FetchError. */
  async get(rawUrl: string, options: FetchOptions = {}): Promise<FetchedResponse> {
    let url: URL;
    try {
      url = parseHttpUrl(rawUrl);
    } catch (err) {
      throw new FetchError('blocked', (err as Error).message);
    }
    let movedTo: string | undefined;
    let permanentSoFar = true;
    const seen = new Set<string>();
    for (let hop = 0; ; hop++) {
      seen.add(url.href);
      const res = await this.once(url, options);
      if (!REDIRECTS.has(res.status)) return this.finish(url, res, movedTo);
      const location = header(res.headers, 'location');
      if (!location) throw new FetchError('http', `${redactUrl(url.href)}: HTTP ${res.status} redirect without a Location`, res.status);
      let next: URL;
      try {
        next = parseHttpUrl(new URL(location, url).href);
      } catch (err) {
        throw new FetchError('blocked', `${redactUrl(url.href)} redirects to ${redactUrl(location)}: ${(err as Error).message}`);
      }
      if (seen.has(next.href)) throw new FetchError('redirects', `${redactUrl(rawUrl)}: redirect loop (${redactUrl(next.href)} again)`);
      if (hop + 1 > this.maxRedirects) throw new FetchError('redirects', `${redactUrl(rawUrl)}: too many redirects (more than ${this.maxRedirects})`);
      if (permanentSoFar && PERMANENT.has(res.status)) movedTo = next.href;
      else permanentSoFar = false;
      url = next;
    }
  }

  private finish(url: URL, res: Hop, movedTo: string | undefined): FetchedResponse {
    const status = res.status;
    const shown = redactUrl(url.href);
    const common = {
      url: url.href,
      status,
      contentType: header(res.headers, 'content-type'),
      etag: header(res.headers, 'etag'),
      lastModified: header(res.headers, 'last-modified'),
      movedTo,
    };
    if (status === 304) {
      return { ...common, notModified: true, bytes: new Uint8Array() };
    }
    if (!res.bytes) {
      const retryAfterMs = status === 429 || status === 503 ? parseRetryAfter(header(res.headers, 'retry-after'), this.clock.now()) : undefined;
      if (retryAfterMs !== undefined) this.limiter.pause(url.host, this.clock.now() + Math.min(retryAfterMs, this.maxPauseMs));
      const wait = retryAfterMs !== undefined ? ` (retry after ${Math.ceil(retryAfterMs / 1000)} s)` : '';
      throw new FetchError('http', `${shown}: HTTP ${status}${wait}`, status, retryAfterMs);
    }
    return { ...common, notModified: false, bytes: res.bytes };
  }

  /** One request to one URL (no redirects followed), paced, guarded, with the body read under the deadline. */
  private async once(url: URL, options: FetchOptions): Promise<Hop> {
    const shown = redactUrl(url.href);
    try {
      await checkUrl(url, options.allowPrivate ?? false, this.resolve, this.policy);
    } catch (err) {
      if (err instanceof BlockedUrlError) throw new FetchError('blocked', err.message);
      throw new FetchError('network', `${shown}: ${(err as Error).message}`);
    }
    const paused = this.limiter.pausedUntil(url.host);
    if (paused !== undefined && paused - this.clock.now() > this.maxPauseMs) {
      const ms = paused - this.clock.now();
      throw new FetchError('http', `${shown}: ${url.host} asked us to wait ${Math.ceil(ms / 1000)} s`, 429, ms);
    }
    const release = await this.limiter.acquire(url.host);
    const controller = new AbortController();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      controller.abort();
    }, this.timeoutMs);
    try {
      const headers: Record<string, string> = {
        'user-agent': this.userAgent,
        accept: options.accept ?? FEED_ACCEPT,
        'accept-encoding': 'gzip, deflate, br',
      };
      if (options.etag) headers['if-none-match'] = options.etag;
      if (options.lastModified) headers['if-modified-since'] = options.lastModified;
      const res = await request(url, {
        method: 'GET',
        headers,
        dispatcher: this.agent(options.allowPrivate ?? false),
        signal: controller.signal,
        headersTimeout: this.timeoutMs,
        bodyTimeout: this.timeoutMs,
      });
      const hop: Hop = { status: res.statusCode, headers: res.headers };
      if (res.statusCode < 200 || res.statusCode > 299) {
        // Redirects, 304 and errors: the body is not wanted, and closing the socket is cheaper than reading it.
        discard(res.body);
        return hop;
      }
      const length = Number(header(res.headers, 'content-length'));
      if (length > this.maxBytes && !header(res.headers, 'content-encoding')) {
        discard(res.body);
        throw new FetchError('too-large', `${shown}: response larger than ${mb(this.maxBytes)} (Content-Length ${length})`);
      }
      hop.bytes = await readBody(res.body, header(res.headers, 'content-encoding'), this.maxBytes, shown);
      return hop;
    } catch (err) {
      if (err instanceof FetchError) throw err;
      if (timedOut) throw new FetchError('timeout', `${shown}: timed out after ${this.timeoutMs} ms`);
      const e = err as NodeJS.ErrnoException & { cause?: unknown };
      const blocked = err instanceof BlockedUrlError ? err : e.cause instanceof BlockedUrlError ? e.cause : undefined;
      if (blocked) throw new FetchError('blocked', blocked.message);
      if (e.code === 'UND_ERR_HEADERS_TIMEOUT' || e.code === 'UND_ERR_BODY_TIMEOUT') {
        throw new FetchError('timeout', `${shown}: timed out after ${this.timeoutMs} ms`);
      }
      throw new FetchError('network', `${shown}: ${e.code ? `${e.code} ` : ''}${e.message}`);
    } finally {
      clearTimeout(timer);
      release();
    }
  }

  async close(): Promise<void> {
    await Promise.all([this.guarded?.close(), this.open?.close()]);
  }
}
