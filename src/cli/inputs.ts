/**
 * Turns the CLI's input arguments into Inputs: files, directories (recursively), glob patterns the
 * shell did not expand, "-" for standard input, and http(s) URLs (fetched through the guarded client). Unreadable or oversized inputs become failures
 * with a reason instead of stopping the run.
 */
import { readdir, readFile, stat } from 'node:fs/promises';
import { extname, join } from 'node:path';
import { glob } from 'tinyglobby';
import type { InputOrFailure } from '../ingest/batch.ts';
import { MAX_INPUT_BYTES } from '../ingest/readers/index.ts';
import { HttpClient } from '../fetch/client.ts';


export interface ReadInputsOptions {
  /** Let URL arguments reach loopback and private addresses. */
  allowPrivate?: boolean;
  /** The client for URL arguments (one is made, and closed at the end, when needed). */
  client?: HttpClient;
}

const URL_ARG = /^[a-z][a-z0-9+.-]*:\/\//i;
const PAGE_OR_FEED_ACCEPT = 'text/html, application/xhtml+xml, application/rss+xml, application/atom+xml, application/feed+json, application/json, application/xml;q=0.9, */*;q=0.8';

/** Fetches one URL argument as an Input. */
export async function readUrlInput(url: string, client: HttpClient, allowPrivate = false): Promise<InputOrFailure> {
  try {
    const res = await client.get(url, { allowPrivate, accept: PAGE_OR_FEED_ACCEPT });
    return { ok: true, input: { name: url, bytes: res.bytes, contentType: res.contentType, url: res.url } };
  } catch (err) {
    return { ok: false, name: url, error: (err as Error).message };
  }
}

/**
 * Extensions of the files a directory walk takes: pages, feeds, API responses, article data and text
 * pages. A file without an extension is taken too (saved pages often have none). Anything else in a
 * directory (a README.md, the images and styles beside saved pages) is skipped, not reported as a
 * failed article; a file named explicitly, or matched by a glob, is always read.
 */
const READABLE_EXTENSIONS = new Set(['', '.html', '.htm', '.xhtml', '.shtml', '.xml', '.rss', '.atom', '.rdf', '.json', '.jsonl', '.ndjson', '.txt', '.text']);

/** Compressed copies ("page.html.gz") count as what they hold; readInput decompresses them. */
function readableInDirectory(path: string): boolean {
  const inner = path.toLowerCase().endsWith('.gz') ? path.slice(0, -3) : path;
  return READABLE_EXTENSIONS.has(extname(inner).toLowerCase());
}

async function* walk(dir: string): AsyncGenerator<{ path: string } | { skipped: string }> {
  const entries = (await readdir(dir, { withFileTypes: true })).sort((a, b) => a.name.localeCompare(b.name));
  for (const entry of entries) {
    if (entry.name.startsWith('.')) continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* walk(path);
    else if (entry.isFile()) yield readableInDirectory(path) ? { path } : { skipped: path };
  }
}

async function readStdin(): Promise<Uint8Array> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of process.stdin) {
    size += (chunk as Buffer).length;
    if (size > MAX_INPUT_BYTES) throw new Error(`input larger than ${MAX_INPUT_BYTES / 1024 / 1024} MB`);
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

export async function readFileInput(path: string): Promise<InputOrFailure> {
  try {
    const info = await stat(path);
    if (info.size > MAX_INPUT_BYTES) {
      return { ok: false, name: path, error: `file too large (${(info.size / 1024 / 1024).toFixed(1)} MB; the limit is ${MAX_INPUT_BYTES / 1024 / 1024} MB)` };
    }
    return { ok: true, input: { name: path, bytes: await readFile(path) } };
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    return { ok: false, name: path, error: e.code === 'ENOENT' ? 'no such file' : e.code === 'EACCES' ? 'permission denied' : e.message };
  }
}

/** Every file path the arguments name, in order (directories walked, globs expanded), and the files of other types walks skipped. */
export async function* expandPaths(
  args: readonly string[],
): AsyncGenerator<ListedInput | { skipped: string }> {
  for (const arg of args) {
    if (URL_ARG.test(arg)) {
      yield { url: arg };
      continue;
    }
    if (arg === '-') {
      yield { stdin: true };
      continue;
    }
    const info = await stat(arg).catch(() => undefined);
    if (info?.isDirectory()) {
      yield* walk(arg);
    } else if (info) {
      yield { path: arg };
    } else if (/[*?[{]/.test(arg)) {
      const matches = (await glob(arg, { onlyFiles: true, dot: false })).sort();
      if (!matches.length) yield { missing: arg };
      for (const path of matches) yield { path };
    } else {
      yield { missing: arg };
    }
  }
}

/** One input the arguments name. */
type ListedInput = { path: string } | { stdin: true } | { missing: string } | { url: string };

/**
 * Expands the arguments to a list first (cheap), so callers know how many inputs there are; files of
 * other types met in directories are listed apart.
 */
export async function listInputs(args: readonly string[]): Promise<{ inputs: ListedInput[]; skipped: string[] }> {
  const inputs: ListedInput[] = [];
  const skipped: string[] = [];
  for await (const item of expandPaths(args)) {
    if ('skipped' in item) skipped.push(item.skipped);
    else inputs.push(item);
  }
  return { inputs, skipped };
}

export async function* readListedInputs(listed: readonly ListedInput[], options: ReadInputsOptions = {}): AsyncGenerator<InputOrFailure> {
  let client = options.client;
  try {
    yield* readEach(listed, () => (client ??= new HttpClient({ maxBytes: MAX_INPUT_BYTES })), options.allowPrivate);
  } finally {
    if (client && client !== options.client) await client.close();
  }
}

async function* readEach(listed: readonly ListedInput[], client: () => HttpClient, allowPrivate?: boolean): AsyncGenerator<InputOrFailure> {
  for (const item of listed) {
    if ('url' in item) {
      yield await readUrlInput(item.url, client(), allowPrivate);
    } else if ('stdin' in item) {
      try {
        yield { ok: true, input: { name: 'stdin', bytes: await readStdin() } };
      } catch (err) {
        yield { ok: false, name: 'stdin', error: (err as Error).message };
      }
    } else if ('missing' in item) {
      yield { ok: false, name: item.missing, error: 'no such file or directory' };
    } else {
      yield await readFileInput(item.path);
    }
  }
}
