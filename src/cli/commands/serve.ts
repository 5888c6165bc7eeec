/** `storyline serve`: the web reader, JSON API and feeds over the archive. */
import type { Command } from 'commander';
import { buildApp } from '../../server/app.ts';
import { openStore } from '../../store/open.ts';
import { CliError, printLine } from '../output.ts';

export interface ServeOptions {
  db?: string;
  port?: string | number;
  host?: string;
  publicUrl?: string;
  log?: boolean;
  private?: boolean;
  maxBodyMb?: string;
  maxItems?: string;
  ratePerToken?: string;
  ratePerIp?: string;
}

function positive(value: string | undefined, what: string): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0) throw new CliError(`${what} takes a positive number, not "${value}"`);
  return n;
}

export function parsePort(value: string | number | undefined, fallback = 8080): number {
  if (value === undefined) return fallback;
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new CliError(`invalid port ${value}`);
  return port;
}

/** Opens the store, starts the server and prints its URL; resolves once listening. Ctrl-C stops it. */
export async function runServe(options: ServeOptions): Promise<{ url: string; close: () => Promise<void> }> {
  const port = parsePort(options.port);
  const host = options.host ?? '127.0.0.1';
  const maxBodyMb = positive(options.maxBodyMb, '--max-body-mb');
  const writeLimits = {
    ...(maxBodyMb ? { maxBodyBytes: Math.round(maxBodyMb * 1024 * 1024) } : {}),
    ...(options.maxItems ? { maxItems: Math.floor(positive(options.maxItems, '--max-items')!) } : {}),
    ...(options.ratePerToken ? { perToken: Math.floor(positive(options.ratePerToken, '--rate-per-token')!) } : {}),
    ...(options.ratePerIp ? { perIp: Math.floor(positive(options.ratePerIp, '--rate-per-ip')!) } : {}),
  };
  const store = await openStore(options.db);
  const app = await buildApp({ store, publicUrl: options.publicUrl, logger: options.log ?? false, private: options.private ?? false, writeLimits });
  try {
    await app.listen({ port, host });
  } catch (err) {
    await store.close();
    throw new CliError(`cannot listen on ${host}:${port}: ${(err as Error).message}`);
  }
  const address = app.server.address();
  const actualPort = typeof address === 'object' && address ? address.port : port;
  const shownHost = host.includes(':') ? `[${host}]` : host;
  const url = `http://${shownHost === '0.0.0.0' ? '127.0.0.1' : shownHost}:${actualPort}/`;
  printLine(`Storyline is serving ${url}`);
  const close = async () => {
    await app.close();
    await store.close();
  };
  const stop = () => {
    close().then(() => process.exit(0), () => process.exit(1));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  return { url, close };
}

export function registerServe(program: Command): void {
  program
    .command('serve')
    .description('serve the web reader, the JSON API (/api/v1, /openapi.json) and feeds')
    .option('--db <path|url>', 'database (default ./storyline.db or $STORYLINE_DB)')
    .option('--port <port>', 'port', '8080')
    .option('--host <host>', 'address to listen on', '127.0.0.1')
    .option('--public-url <url>', 'the public base URL for links in feeds, sitemaps and OpenGraph')
    .option('--log', 'log requests')
    .option('--private', 'reads need a token too (Authorization: Bearer <token>); writes always do')
    .option('--max-body-mb <mb>', 'largest write request body (default 5)')
    .option('--max-items <n>', 'most articles in one POST /api/v1/articles (default 500)')
    .option('--rate-per-token <n>', 'write requests per minute per token (default 300)')
    .option('--rate-per-ip <n>', 'write requests per minute per client address (default 600)')
    .action(async (opts: ServeOptions) => {
      await runServe(opts);
    });
}
