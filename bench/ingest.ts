/**
 * `npm run bench -- ingest [DATA_DIR] [--db postgres://...]`: ingest throughput.
 * - Entity extraction alone on the same articles: ms per 1,000 words, p50 and p95 (budget: 5 ms).
 * - JSONL: the dev articles through the whole pipeline (normalise, dedupe, every analysis stage, store),
 *   one transaction per article, into a fresh database; the median of 3 runs.
 * - HTML: the extraction benchmark's pages through reading and the whole pipeline, with the read workers
 *   `storyline ingest` would start for them, and with 2 forced.
 * - With --db postgres://...: articles/s with 1, 2 and 4 ingest processes splitting the same file.
 * - Baseline, same run: a bare insert of the same texts into an SQLite FTS5 table, one transaction per
 *   article, no analysis. The ratio to it is the figure that survives a noisy machine.
 */
import { readFileSync, readdirSync, existsSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { BenchResult } from './run.ts';
import { createPipeline } from '../src/ingest/stages.ts';
import { ingestBatch, readWorkersFor, type InputOrFailure } from '../src/ingest/batch.ts';
import { SqliteStore } from '../src/store/sqlite/store.ts';
import { tempDir } from './_util.ts';
import { isPostgresUrl } from '../src/store/location.ts';
import { benchEntities } from './entities.ts';

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

async function pipelineRun(inputs: InputOrFailure[], workers: number): Promise<{ items: number; seconds: number; failed: number }> {
  const dir = tempDir();
  const store = await SqliteStore.open(join(dir.path, 'bench.db'));
  const pipeline = createPipeline(store);
  let items = 0;
  let failed = 0;
  const started = performance.now();
  async function* stream() {
    yield* inputs;
  }
  await ingestBatch(pipeline, stream(), { workers, onResult: (r) => { items++; if (!r.ok) failed++; } });
  const seconds = (performance.now() - started) / 1000;
  await store.close();
  dir.cleanup();
  return { items, seconds, failed };
}

/** Articles/s with 1, 2 and 4 `storyline ingest --shard K/N` processes on one fresh PostgreSQL schema each. */
async function postgresWorkers(url: string, file: string, articles: number): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const n of [1, 2, 4]) {
    const schema = `sl_bench_${process.pid}_${n}`;
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE; CREATE SCHEMA ${schema}`);
    const target = `${url}${url.includes('?') ? '&' : '?'}options=${encodeURIComponent(`-c search_path=${schema}`)}`;
    try {
      await runCli(['migrate', '--db', target]);
      const started = performance.now();
      await Promise.all(Array.from({ length: n }, (_, k) => runCli(['ingest', file, '--db', target, '--no-progress', '--shard', `${k + 1}/${n}`])));
      out[`workers_${n}`] = Math.round(articles / ((performance.now() - started) / 1000));
    } finally {
      await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      await admin.end();
    }
  }
  return out;
}

/** Runs the executable itself, as a user does: its `#!` line gives Node the flags it runs with. */
function runCli(args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(fileURLToPath(new URL('../bin/storyline.js', import.meta.url)), args, { stdio: 'ignore' });
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`storyline ${args[0]} exited ${code}`))));
  });
}

function fts5Baseline(texts: { headline: string; body: string }[]): number {
  const dir = tempDir();
  const db = new Database(join(dir.path, 'fts.db'));
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.exec("CREATE VIRTUAL TABLE t USING fts5(headline, body, tokenize = 'porter unicode61 remove_diacritics 2')");
  const insert = db.prepare('INSERT INTO t (headline, body) VALUES (?, ?)');
  const one = db.transaction((t: { headline: string; body: string }) => insert.run(t.headline, t.body));
  const started = performance.now();
  for (const t of texts) one(t);
  const seconds = (performance.now() - started) / 1000;
  db.close();
  dir.cleanup();
  return texts.length / seconds;
}

export async function run(args: string[]): Promise<BenchResult> {
  // The data folder is the one argument that is neither an option nor the value of --db.
  const dataDir = args.find((a, i) => !a.startsWith('--') && args[i - 1] !== '--db') ?? new URL('../../shared/', import.meta.url).pathname;
  const jsonlPath = join(dataDir, 'data/stories-dev.jsonl');
  if (!existsSync(jsonlPath)) throw new Error(`no dev data at ${jsonlPath}: pass the shared data folder as the first argument`);
  const jsonl = readFileSync(jsonlPath);
  const records = jsonl.toString('utf8').trim().split('\n').map((l) => JSON.parse(l) as { title: string; body: string });
  const entities = benchEntities(records.map((r) => ({ headline: r.title, body: r.body.split(/\n+/).map((p) => p.trim()).filter(Boolean) })));
  const jsonlInput: InputOrFailure = { ok: true, input: { name: jsonlPath, bytes: jsonl } };

  const runs = [];
  for (let i = 0; i < 3; i++) runs.push(await pipelineRun([jsonlInput], 0));
  const jsonlRate = median(runs.map((r) => r.items / r.seconds));
  const baselineRate = median([0, 1, 2].map(() => fts5Baseline(records.map((r) => ({ headline: r.title, body: r.body })))));

  const htmlDir = join(dataDir, 'eval/extraction/html');
  let htmlRate: number | undefined;
  let htmlTwoWorkersRate: number | undefined;
  let htmlReadRate: number | undefined;
  let htmlPages = 0;
  let htmlWorkers = 0;
  let htmlReadWorkers = 0;
  if (existsSync(htmlDir)) {
    const pages: InputOrFailure[] = readdirSync(htmlDir)
      .filter((f) => f.endsWith('.html.gz'))
      .map((f) => ({ ok: true, input: { name: f, bytes: gunzipSync(readFileSync(join(htmlDir, f))) } }));
    htmlPages = pages.length;
    // One pass into a fresh database: extraction and every analysis stage, with the read workers that
    // `storyline ingest` starts for this many pages (start-up included), and again with 2 forced.
    htmlWorkers = readWorkersFor(pages.length);
    const first = await pipelineRun(pages, htmlWorkers);
    htmlRate = first.items / first.seconds;
    const forced = await pipelineRun(pages, 2);
    htmlTwoWorkersRate = forced.items / forced.seconds;
    // Four passes: the later three find every page stored already, so they measure reading and
    // extraction with start-up spread thin.
    const repeatedPages = [0, 1, 2, 3].flatMap(() => pages);
    htmlReadWorkers = readWorkersFor(repeatedPages.length);
    const repeated = await pipelineRun(repeatedPages, htmlReadWorkers);
    htmlReadRate = repeated.items / repeated.seconds;
  }

  const dbArg = args.find((a) => a.startsWith('--db='))?.slice(5) ?? (args.includes('--db') ? args[args.indexOf('--db') + 1] : undefined);
  const postgres = dbArg && isPostgresUrl(dbArg) ? await postgresWorkers(dbArg, jsonlPath, records.length) : undefined;

  const json = {
    jsonl_articles_per_s: Math.round(jsonlRate),
    html_pages_per_s: htmlRate === undefined ? null : Math.round(htmlRate),
    html_read_workers: htmlWorkers,
    html_pages_per_s_2_workers: htmlTwoWorkersRate === undefined ? null : Math.round(htmlTwoWorkersRate),
    html_reextract_pages_per_s: htmlReadRate === undefined ? null : Math.round(htmlReadRate),
    fts5_baseline_articles_per_s: Math.round(baselineRate),
    articles: records.length,
    html_pages: htmlPages,
    pipeline_vs_fts5_ratio: Number((jsonlRate / baselineRate).toFixed(3)),
    entity_ms_per_1000_words_p50: Number(entities.p50MsPer1000Words.toFixed(3)),
    entity_ms_per_1000_words_p95: Number(entities.p95MsPer1000Words.toFixed(3)),
    ...(postgres ? { postgres_articles_per_s: postgres } : {}),
  };
  const lines = [
    `JSONL through the whole pipeline: ${json.jsonl_articles_per_s} articles/s (${records.length} articles, median of 3 runs)`,
    `HTML pages through the whole pipeline: ${json.html_pages_per_s ?? 'n/a'} pages/s with ${htmlWorkers} read workers (what \`storyline ingest\` starts for ${htmlPages} pages), ${json.html_pages_per_s_2_workers ?? 'n/a'} pages/s with 2 (fresh database, start-up included)`,
    `HTML pages read and extracted again (${htmlReadWorkers} read workers, already stored): ${json.html_reextract_pages_per_s ?? 'n/a'} pages/s`,
    `baseline, bare FTS5 insert of the same texts: ${json.fts5_baseline_articles_per_s} articles/s`,
    `pipeline / baseline: ${json.pipeline_vs_fts5_ratio}`,
    `entity extraction: ${json.entity_ms_per_1000_words_p50} ms per 1,000 words (p50), ${json.entity_ms_per_1000_words_p95} (p95); median article ${entities.medianWords} words`,
    ...(postgres
      ? [`PostgreSQL, N ingest processes splitting the file (--shard): ${Object.entries(postgres).map(([n, r]) => `${n}: ${r} articles/s`).join(', ')}; SQLite single writer above: ${json.jsonl_articles_per_s}`]
      : []),
  ];
  return { json, lines };
}
