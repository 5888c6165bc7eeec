/**
 * `npm run bench -- soak [--seconds 60] [--articles 3000] [--readers 8]`: the server under steady mixed
 * load for a bounded time. A child process serves a temporary database seeded with invented articles on
 * 127.0.0.1; concurrent reader loops request article pages, article JSON, searches and the home page,
 * while one writer POSTs new articles with a token. Reports requests and errors (expected 0), p50/p99 per
 * route kind, writes/s, and the server's RSS at start and end (memory should stay flat). Loopback only;
 * stops by itself after the given seconds (and at most 5 million requests).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Agent, request } from 'undici';
import type { BenchResult } from './run.ts';
import { percentile, tempDir } from './_util.ts';
import { buildDb } from './http.ts';
import { SqliteStore } from '../src/store/sqlite/store.ts';
import { issueToken } from '../src/store/tokens.ts';

const MAX_REQUESTS = 5_000_000;
const TERMS = ['harbour', 'flood barrier', 'strike OR union', 'rail -driver', '"tidal barrier"', 'mission*', 'election', 'court ruling', 'market price', 'festival'];
const WORDS = 'harbour council barrier storm flood tide mayor vote grant budget rail strike union driver station probe mission launch orbit engineer minister summit treaty border election court judge hospital school market price bank wage factory river bridge airport weather harvest village museum festival film library team season'.split(' ');

function arg(args: string[], name: string, fallback: number): number {
  const i = args.indexOf(`--${name}`);
  const v = i >= 0 ? Number(args[i + 1]) : fallback;
  if (!Number.isFinite(v) || v <= 0) throw new Error(`--${name} takes a positive number`);
  return v;
}

function rssMb(pid: number): number {
  const m = /VmRSS:\s+(\d+)\s+kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Math.round(Number(m[1]) / 102.4) / 10 : Number.NaN;
}

async function startServer(db: string): Promise<{ url: string; child: ChildProcess }> {
  const script = fileURLToPath(new URL('./_soak-server.ts', import.meta.url));
  const child = spawn(process.execPath, ['--import', 'tsx', script, db], { stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  for await (const chunk of child.stdout!) {
    out += String(chunk);
    if (out.includes('\n')) break;
  }
  return { url: out.trim().replace(/\/$/, ''), child };
}

function invented(i: number): string {
  let s = (i + 7919) >>> 0;
  const next = () => ((s = (Math.imul(s ^ (s >>> 15), 2246822507) + 0x6d2b79f5) >>> 0), s);
  const sentence = (n: number) => Array.from({ length: n }, () => WORDS[next() % WORDS.length]).join(' ');
  return JSON.stringify({
    headline: `Soak ${i}: ${sentence(8)}`,
    body: Array.from({ length: 6 }, () => `${sentence(20)}. ${sentence(15)}.`),
    url: `https://soak.example/w/${i}`,
    publisher: 'Soak Wire',
    publishedAt: new Date(Date.UTC(2026, 0, 1) + i * 60_000).toISOString(),
  });
}

export async function run(args: string[]): Promise<BenchResult> {
  const seconds = arg(args, 'seconds', 60);
  const count = arg(args, 'articles', 3000);
  const readers = arg(args, 'readers', 8);
  const dir = tempDir();
  const db = join(dir.path, 'soak.db');
  const ids = await buildDb(db, count);
  const seedStore = await SqliteStore.open(db);
  const { token } = await issueToken(seedStore.tokens, 'soak-writer');
  await seedStore.close();

  const { url, child } = await startServer(db);
  const agent = new Agent({ connections: readers + 2, keepAliveTimeout: 10_000 });
  const latencies: Record<string, number[]> = { page: [], json: [], search: [], home: [], write: [] };
  const errors: Record<string, number> = { page: 0, json: 0, search: 0, home: 0, write: 0 };
  const errorSamples: string[] = [];
  let total = 0;
  let writes = 0;
  let stop = false;

  const hit = async (kind: string, method: 'GET' | 'POST', path: string, body?: string) => {
    const started = performance.now();
    try {
      const res = await request(`${url}${path}`, {
        method,
        dispatcher: agent,
        body,
        headers: body ? { 'content-type': 'application/x-ndjson', authorization: `Bearer ${token}` } : {},
      });
      const text = await res.body.text();
      if (res.statusCode !== 200) {
        errors[kind]!++;
        if (errorSamples.length < 5) errorSamples.push(`${method} ${path}: ${res.statusCode} ${text.slice(0, 200)}`);
      }
    } catch (err) {
      errors[kind]!++;
      if (errorSamples.length < 5) errorSamples.push(`${method} ${path}: ${(err as Error).message}`);
    }
    latencies[kind]!.push(performance.now() - started);
    total++;
    if (total >= MAX_REQUESTS) stop = true;
  };

  // Warm up (JIT, caches) before the starting RSS is taken.
  for (let i = 0; i < 50; i++) await hit('page', 'GET', `/article/${ids[i % ids.length]}`);
  for (const k of Object.keys(latencies)) latencies[k] = [];
  for (const k of Object.keys(errors)) errors[k] = 0;
  total = 0;
  const rssStart = rssMb(child.pid!);
  const rssSamples: number[] = [rssStart];
  const sampler = setInterval(() => rssSamples.push(rssMb(child.pid!)), 1000);

  let seed = 1;
  const random = () => ((seed = (Math.imul(seed, 48271) >>> 0) % 2147483647 || 1), seed / 2147483647);
  const reader = async () => {
    while (!stop) {
      const r = random();
      const id = ids[Math.floor(random() * ids.length)]!;
      if (r < 0.4) await hit('page', 'GET', `/article/${id}`);
      else if (r < 0.7) await hit('json', 'GET', `/api/v1/articles/${id}`);
      else if (r < 0.9) await hit('search', 'GET', `/api/v1/search?q=${encodeURIComponent(TERMS[Math.floor(random() * TERMS.length)]!)}`);
      else await hit('home', 'GET', '/');
    }
  };
  const writer = async () => {
    let i = 0;
    while (!stop) {
      await hit('write', 'POST', '/api/v1/articles', invented(i++));
      writes++;
    }
  };
  const started = performance.now();
  const timer = setTimeout(() => (stop = true), seconds * 1000);
  await Promise.all([...Array.from({ length: readers }, reader), writer()]);
  clearTimeout(timer);
  const elapsed = (performance.now() - started) / 1000;
  clearInterval(sampler);
  const rssEnd = rssMb(child.pid!);
  await agent.close();
  child.kill('SIGTERM');
  await new Promise((r) => child.once('exit', r));
  dir.cleanup();

  const kinds = Object.keys(latencies);
  const perKind = Object.fromEntries(
    kinds.map((k) => [k, { requests: latencies[k]!.length, errors: errors[k], p50Ms: +percentile(latencies[k]!, 50).toFixed(2), p99Ms: +percentile(latencies[k]!, 99).toFixed(2) }]),
  );
  const errorCount = Object.values(errors).reduce((a, b) => a + b, 0);
  const json = {
    seconds: +elapsed.toFixed(1),
    seededArticles: count,
    readers,
    requests: total,
    requestsPerSecond: Math.round(total / elapsed),
    errors: errorCount,
    writes,
    writesPerSecond: +(writes / elapsed).toFixed(1),
    rssStartMb: rssStart,
    rssEndMb: rssEnd,
    rssMaxMb: Math.max(...rssSamples),
    perKind,
    errorSamples,
  };
  const lines = [
    `soak: ${json.seconds} s, ${readers} readers + 1 writer over ${count} seeded articles (loopback)`,
    `requests ${total} (${json.requestsPerSecond}/s), errors ${errorCount}, writes ${writes} (${json.writesPerSecond}/s)`,
    ...kinds.map((k) => `  ${k.padEnd(6)} ${String(perKind[k]!.requests).padStart(7)} req  p50 ${perKind[k]!.p50Ms} ms  p99 ${perKind[k]!.p99Ms} ms  errors ${perKind[k]!.errors}`),
    `server RSS: start ${rssStart} MB, end ${rssEnd} MB, max ${json.rssMaxMb} MB`,
    ...errorSamples.map((e) => `  error: ${e}`),
  ];
  return { json, lines };
}
