/**
 * `npm run bench -- ingest [DATA_DIR] [--db URL]`: ingest throughput.
 * - Entity extraction alone on the same articles: ms per 1,000 words, p50 and p95 (budget: 5 ms).
 * - JSONL: the dev articles through the whole pipeline (normalise, dedupe, every analysis stage, store),
 *   one transaction per article, into a fresh database; the median of 3 runs.
 * - HTML: the extraction benchmark's pages through reading (2 worker threads) and the whole pipeline.
 * - Baseline, same run: a bare insert of the same texts into an SQLite FTS5 table, one transaction per
 *   article, no analysis. The ratio to it is the figure that survives a noisy machine.
 */
import { readFileSync, readdirSync, existsSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import type { BenchResult } from './run.ts';
import { createPipeline } from '../src/ingest/stages.ts';
import { ingestBatch, type InputOrFailure } from '../src/ingest/batch.ts';
import { SqliteStore } from '../src/store/sqlite/store.ts';
import { tempDir } from './_util.ts';
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
  const dataDir = args.find((a) => !a.startsWith('--')) ?? new URL('../../shared/', import.meta.url).pathname;
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
  let htmlPages = 0;
  if (existsSync(htmlDir)) {
    const pages: InputOrFailure[] = readdirSync(htmlDir)
      .filter((f) => f.endsWith('.html.gz'))
      .map((f) => ({ ok: true, input: { name: f, bytes: gunzipSync(readFileSync(join(htmlDir, f))) } }));
    htmlPages = pages.length;
    // Four passes over the pages, so worker start-up is a small part of the measured time.
    const repeated = [0, 1, 2, 3].flatMap(() => pages);
    const r = await pipelineRun(repeated, 2);
    htmlRate = r.items / r.seconds;
  }

  const json = {
    jsonl_articles_per_s: Math.round(jsonlRate),
    html_pages_per_s: htmlRate === undefined ? null : Math.round(htmlRate),
    fts5_baseline_articles_per_s: Math.round(baselineRate),
    articles: records.length,
    html_pages: htmlPages,
    pipeline_vs_fts5_ratio: Number((jsonlRate / baselineRate).toFixed(3)),
    entity_ms_per_1000_words_p50: Number(entities.p50MsPer1000Words.toFixed(3)),
    entity_ms_per_1000_words_p95: Number(entities.p95MsPer1000Words.toFixed(3)),
  };
  const lines = [
    `JSONL through the whole pipeline: ${json.jsonl_articles_per_s} articles/s (${records.length} articles, median of 3 runs)`,
    `HTML pages (2 worker threads) through the whole pipeline: ${json.html_pages_per_s ?? 'n/a'} pages/s (${htmlPages} pages x 4)`,
    `baseline, bare FTS5 insert of the same texts: ${json.fts5_baseline_articles_per_s} articles/s`,
    `pipeline / baseline: ${json.pipeline_vs_fts5_ratio}`,
    `entity extraction: ${json.entity_ms_per_1000_words_p50} ms per 1,000 words (p50), ${json.entity_ms_per_1000_words_p95} (p95); median article ${entities.medianWords} words`,
  ];
  return { json, lines };
}
