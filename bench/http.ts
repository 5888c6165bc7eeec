/**
 * `npm run bench -- http [--articles N] [--seconds S] [--rounds R] [--connections C]`: requests per second and p99
 * latency of the article page and the article JSON over loopback, with 10,000 invented articles, against
 * a same-run baseline (the static /robots.txt), so the ratio survives a noisy shared machine.
 *
 * Articles are generated at run time from a seeded word generator (nothing is committed), stored through
 * the article repository, and served by bench/_http-server.ts in a child process. Article pages are
 * requested twice: spread over a hot set of 1,000 articles (news traffic is skewed), and uniformly over
 * all of them with the rendered-page cache smaller than the archive (the cold case).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import type { BenchResult } from './run.ts';
import { SqliteStore } from '../src/store/sqlite/store.ts';
import { normaliseDraft } from '../src/ingest/normalise.ts';
import type { ArticleDraftInput } from '../src/model.ts';
import { seededRandom } from '../src/util/random.ts';

const WORDS = `harbour council barrier storm flood tide mayor vote grant budget rail strike union driver roster
  commuter station probe mission launch orbit engineer thruster valve camera moon ice ocean radar minister
  government talks summit treaty border troops election campaign poll voter court judge ruling appeal hospital
  doctor nurse patient school teacher pupil exam market price inflation bank rate wage worker factory export
  river bridge road traffic airport flight pilot weather forecast heat drought harvest farmer village city
  museum festival concert artist film book library chess match team coach season league final record`
  .split(/\s+/)
  .filter(Boolean);
const NAMES = ['Priya Natarajan', 'Tomas Reyes', 'Aiko Brandt', 'Jonah Adeyemi', 'Lena Okafor', 'Marek Novak', 'Sofia Lindqvist', 'Omar Haddad'];
const PLACES = ['Porthaven', 'Calder', 'Lumen Island', 'Brightwater', 'Eastmoor'];
const PUBLISHERS = ['The Harbour Herald', 'Coastal Post', 'Daily Ledger', 'Science Wire', 'Northern Echo Times'];
const SECTIONS = ['News', 'Environment', 'Transport', 'Science', 'Business', 'Culture'];


function inventArticle(i: number, random: () => number): ArticleDraftInput {
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(random() * xs.length)]!;
  const sentence = (n: number) => {
    const w = Array.from({ length: n }, () => pick(WORDS));
    return `${w[0]![0]!.toUpperCase()}${w.join(' ').slice(1)}.`;
  };
  const paragraph = () => Array.from({ length: 3 + Math.floor(random() * 3) }, () => sentence(10 + Math.floor(random() * 12))).join(' ');
  const contributors = Array.from({ length: 1 + Math.floor(random() * 2) }, () => ({ name: pick(NAMES), location: pick(PLACES) }));
  return {
    url: `https://bench.example/${i}`,
    headline: `${sentence(8 + Math.floor(random() * 5)).slice(0, -1)} ${i}`,
    standfirst: sentence(16),
    body: Array.from({ length: 10 + Math.floor(random() * 8) }, paragraph),
    contributors,
    publisher: pick(PUBLISHERS),
    section: pick(SECTIONS),
    publishedAt: new Date(Date.UTC(2024, 0, 1) + Math.floor(random() * 730 * 86_400_000)).toISOString(),
  };
}

export async function buildDb(path: string, count: number): Promise<string[]> {
  const store = await SqliteStore.open(path);
  const random = seededRandom(42);
  const ids: string[] = [];
  const now = new Date();
  for (let start = 0; start < count; start += 1000) {
    await store.transaction(async (tx) => {
      for (let i = start; i < Math.min(count, start + 1000); i++) {
        const article = normaliseDraft(inventArticle(i, random), now);
        await tx.articles.put(article, new Uint32Array(0), []);
        ids.push(article.id);
      }
    });
  }
  await store.close();
  return ids;
}

async function startServer(db: string, cacheSize: number): Promise<{ url: string; child: ChildProcess }> {
  const script = fileURLToPath(new URL('./_http-server.ts', import.meta.url));
  const child = spawn(process.execPath, ['--import', 'tsx', script, db, String(cacheSize)], { stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  for await (const chunk of child.stdout!) {
    out += String(chunk);
    if (out.includes('\n')) break;
  }
  return { url: out.trim().replace(/\/$/, ''), child };
}

interface Measured {
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  errors: number;
  non2xx: number;
}

async function load(url: string, paths: readonly string[], seconds: number, connections: number): Promise<Measured> {
  let n = 0;
  const result = await autocannon({
    url,
    connections,
    duration: seconds,
    requests: [{ method: 'GET', setupRequest: (req: Record<string, unknown>) => ({ ...req, path: paths[n++ % paths.length] }) }],
  });
  return {
    requestsPerSecond: Math.round(result.requests.average),
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    errors: result.errors + result.timeouts,
    non2xx: result.non2xx,
  };
}

function median(runs: readonly Measured[]): Measured {
  const mid = <K extends keyof Measured>(key: K) => [...runs].map((r) => r[key]).sort((a, b) => a - b)[Math.floor(runs.length / 2)]!;
  return { requestsPerSecond: mid('requestsPerSecond'), p50Ms: mid('p50Ms'), p99Ms: mid('p99Ms'), errors: runs.reduce((n, r) => n + r.errors, 0), non2xx: runs.reduce((n, r) => n + r.non2xx, 0) };
}

function shuffled<T>(xs: readonly T[], random: () => number): T[] {
  const a = [...xs];
  for (let i = a.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [a[i], a[j]] = [a[j]!, a[i]!];
  }
  return a;
}

export async function run(args: string[]): Promise<BenchResult> {
  const opt = (name: string, fallback: number) => {
    const i = args.indexOf(`--${name}`);
    return i >= 0 ? Number(args[i + 1]) : fallback;
  };
  const count = opt('articles', 10_000);
  const seconds = opt('seconds', 10);
  const connections = opt('connections', 16);
  const rounds = opt('rounds', 3);
  const dir = mkdtempSync(join(tmpdir(), 'storyline-bench-http-'));
  const db = join(dir, 'bench.db');
  try {
    const built = performance.now();
    const ids = await buildDb(db, count);
    const buildSeconds = (performance.now() - built) / 1000;
    const random = seededRandom(7);
    const hot = shuffled(ids, random).slice(0, 1000);
    const uniform = shuffled(ids, random);
    const results: Record<string, Measured> = {};
    const server = await startServer(db, 2000);
    try {
      // Warm-up: JIT, statement caches, and the hot set's rendered pages.
      await load(server.url, hot.map((id) => `/article/${id}`), 3, connections);
      // Interleaved rounds, medians reported: a noisy neighbour then hurts every case alike.
      const cases: [string, string[]][] = [
        ['baseline', ['/robots.txt']],
        ['articlePage', hot.map((id) => `/article/${id}`)],
        ['articleJson', hot.map((id) => `/api/v1/articles/${id}`)],
        ['articlePageUniform', uniform.map((id) => `/article/${id}`)],
      ];
      const runs = new Map<string, Measured[]>(cases.map(([name]) => [name, []]));
      for (let round = 0; round < rounds; round++) {
        for (const [name, paths] of cases) runs.get(name)!.push(await load(server.url, paths, Math.max(1, Math.round(seconds / rounds)), connections));
      }
      for (const [name, measured] of runs) results[name] = median(measured);
    } finally {
      server.child.kill('SIGTERM');
      await once(server.child, 'exit');
    }
    const ratio = (m: Measured) => Number((m.requestsPerSecond / results.baseline!.requestsPerSecond).toFixed(3));
    const json = {
      articles: count,
      buildSeconds: Number(buildSeconds.toFixed(1)),
      seconds,
      rounds,
      connections,
      ...results,
      ratios: { articlePage: ratio(results.articlePage!), articleJson: ratio(results.articleJson!), articlePageUniform: ratio(results.articlePageUniform!) },
      targets: { articlePagesPerSecond: 1500, p99Ms: 25 },
    };
    const line = (name: string, m: Measured) =>
      `${name.padEnd(34)} ${String(m.requestsPerSecond).padStart(7)} req/s   p50 ${String(m.p50Ms).padStart(3)} ms   p99 ${String(m.p99Ms).padStart(3)} ms${m.errors || m.non2xx ? `   errors ${m.errors} non-2xx ${m.non2xx}` : ''}`;
    return {
      json,
      lines: [
        `http: ${count} articles (built in ${buildSeconds.toFixed(1)} s), ${connections} connections, ${seconds} s per case in ${rounds} interleaved rounds (medians)`,
        line('baseline GET /robots.txt', results.baseline!),
        line('article page (hot 1,000)', results.articlePage!) + `   (${json.ratios.articlePage} of baseline)`,
        line('article JSON (hot 1,000)', results.articleJson!) + `   (${json.ratios.articleJson} of baseline)`,
        line('article page (uniform, 2k cache)', results.articlePageUniform!) + `   (${json.ratios.articlePageUniform} of baseline)`,
      ],
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
