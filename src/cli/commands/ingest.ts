/** `storyline ingest PATH|DIR|GLOB|-...`: read inputs of any format and store their articles. */
import type { Command } from 'commander';
import { extname } from 'node:path';
import cliProgress from 'cli-progress';
import { createPipeline } from '../../ingest/stages.ts';
import { addToSummary, emptySummary, type IngestResult, type IngestSummary } from '../../ingest/pipeline.ts';
import { openStore } from '../../store/open.ts';
import { ingestBatch, readWorkersFor, type Shard } from '../../ingest/batch.ts';
import { listInputs, readListedInputs } from '../inputs.ts';
import { CliError, printError, printJson, printNote } from '../output.ts';
import { plural } from '../../format.ts';

export interface IngestRunOptions {
  db?: string;
  json?: boolean;
  progress?: boolean;
  workers?: number;
  /** "K/N": only this process's share of the items (several processes split one input). */
  shard?: string;
  /** URL arguments may reach loopback and private addresses. */
  allowPrivate?: boolean;
}

/** Parses "K/N" (1-based K, as users count) into a Shard. */
function parseShard(text: string): Shard {
  const m = /^(\d+)\/(\d+)$/.exec(text.trim());
  const k = Number(m?.[1]);
  const n = Number(m?.[2]);
  if (!m || n < 1 || k < 1 || k > n) throw new CliError(`--shard takes K/N with 1 <= K <= N, not "${text}"`, 2);
  return { index: k - 1, count: n };
}

export function formatSummary(s: IngestSummary, seconds: number): string {
  const rate = s.read / Math.max(seconds, 1e-3);
  return `read ${s.read}, new ${s.new}, updated ${s.updated}, unchanged ${s.unchanged}, duplicates ${s.duplicates}, failed ${s.failed} in ${seconds.toFixed(1)} s (${rate.toFixed(0)} articles/s)`;
}

/** One line for the files of other types a directory walk left out, with their kinds. */
export function skippedNote(paths: readonly string[]): string {
  const kinds = [...new Set(paths.map((p) => extname(p).toLowerCase()))].sort();
  const example = paths.length === 1 ? paths[0] : `${paths[0]}, ...`;
  return `skipped ${plural(paths.length, 'file')} in directories that are not pages, feeds or article data (${kinds.join(', ')}): ${example}`;
}

/** Ingests the inputs and reports each result; returns the summary (exit code is the caller's). */
export async function runIngest(args: readonly string[], options: IngestRunOptions): Promise<IngestSummary> {
  const store = await openStore(options.db);
  const pipeline = createPipeline(store);
  const summary = emptySummary();
  const started = performance.now();
  const bar =
    options.progress !== false && !options.json && process.stderr.isTTY
      ? new cliProgress.SingleBar(
          { format: 'ingest {bar} {value} items | {new} new | {failed} failed | {rate}/s | {input}', stream: process.stderr, hideCursor: true },
          cliProgress.Presets.shades_classic,
        )
      : undefined;
  bar?.start(0, 0, { new: 0, failed: 0, rate: 0, input: '' });
  const report = (result: IngestResult) => {
    addToSummary(summary, result);
    if (options.json) {
      printJson(result.ok ? { id: result.id, status: result.status, input: result.label, ...(result.duplicateOf ? { duplicateOf: result.duplicateOf } : {}) } : { input: result.label, error: result.error });
    } else if (!result.ok) {
      bar?.stop();
      printError(result.label, result.error);
      bar?.start(summary.read, summary.read);
    }
    const seconds = (performance.now() - started) / 1000;
    bar?.setTotal(summary.read);
    bar?.update(summary.read, { new: summary.new, failed: summary.failed, rate: (summary.read / Math.max(seconds, 1e-3)).toFixed(0), input: result.input.slice(-40) });
  };
  try {
    const { inputs: listed, skipped } = await listInputs(args);
    if (skipped.length) printNote(skippedNote(skipped));
    const workers = options.workers ?? readWorkersFor(listed.length);
    await ingestBatch(pipeline, readListedInputs(listed, { allowPrivate: options.allowPrivate }), {
      workers,
      onResult: report,
      shard: options.shard ? parseShard(options.shard) : undefined,
    });
  } finally {
    bar?.stop();
    await store.close();
  }
  const line = formatSummary(summary, (performance.now() - started) / 1000);
  if (options.json) printNote(line);
  else process.stdout.write(`${line}\n`);
  return summary;
}

export function registerIngest(program: Command): void {
  program
    .command('ingest')
    .description('ingest files, directories, glob patterns, - (standard input) or http(s) URLs of pages and feeds')
    .argument('<inputs...>', 'paths, directories, globs, URLs, or - for standard input')
    .option('--db <path|url>', 'database (default ./storyline.db or $STORYLINE_DB)')
    .option('--json', 'one JSON object per line: {id, status, input} or {input, error}')
    .option('--no-progress', 'no progress bar')
    .option('--workers <n>', 'worker threads for reading (default: none below 500 inputs, else one per core but one, up to 3)', (v) => Number.parseInt(v, 10))
    .option('--shard <K/N>', 'ingest only share K of N (run N processes, K = 1..N, to split one input)')
    .option('--allow-private', 'let URLs reach loopback and private network addresses')
    .action(async (inputs: string[], opts: IngestRunOptions) => {
      const summary = await runIngest(inputs, opts);
      if (summary.failed > 0) process.exitCode = 1;
    });
}
