/**
 * `npm run bench -- poll [SUBSCRIPTIONS] [ENTRIES_PER_FEED]`: polls 50 feeds served by a local server
 * (1,000 summary-only entries in all, each with its article page fetched for the full text) end to end
 * into a fresh store, and reports entries/s against a same-run baseline: raw undici GETs of the same feeds
 * and pages at the same concurrency, with no parsing, extraction or storage. Only 127.0.0.1 is contacted.
 * Per-host pacing is off here (one local host serves everything); in real use it is 1 s per host.
 */
import { Agent, request } from 'undici';
import type { BenchResult } from './run.ts';
import { HttpClient } from '../src/fetch/client.ts';
import { extractWithHtmlReader, Poller, type ExtractPage } from '../src/fetch/poller.ts';
import { subscribe } from '../src/fetch/subscribe.ts';
import { createPipeline } from '../src/ingest/stages.ts';
import { SqliteStore } from '../src/store/sqlite/store.ts';
import { jsonl, page, prose, simpleExtract, startServer } from '../test/fetch/server.ts';
import { tempDir } from '../test/helpers.ts';

const CONCURRENCY = 16;

/** The real HTML reader when this build has it, else the bench's minimal extractor. */
async function chooseExtractor(): Promise<{ extract: ExtractPage; name: string }> {
  try {
    await extractWithHtmlReader(page('probe', ['Probe paragraph.']), 'http://127.0.0.1/probe');
    return { extract: extractWithHtmlReader, name: 'extractArticle (src/ingest/readers/html.ts)' };
  } catch {
    return { extract: simpleExtract, name: 'minimal regex extractor (html.ts not in this build)' };
  }
}

export async function run(args: string[]): Promise<BenchResult> {
  const feeds = Number(args[0] ?? 50);
  const perFeed = Number(args[1] ?? 20);
  const server = await startServer();
  const feedPaths: string[] = [];
  const pagePaths: string[] = [];
  const pageHtml: { html: string; url: string }[] = [];
  for (let f = 0; f < feeds; f++) {
    const entries = Array.from({ length: perFeed }, (_, i) => {
      const path = `/article/${f}/${i}`;
      const html = page(`Story ${f}-${i}: ${prose(`h${f}-${i}`, 1)[0]!.slice(0, 60)}`, prose(`p${f}-${i}`, 8));
      server.route(path, (_req, res) => void res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(html));
      pagePaths.push(path);
      pageHtml.push({ html, url: `${server.origin}${path}` });
      return { id: `f${f}-e${i}`, title: `Teaser ${f}-${i}`, body: 'A short summary of the story.', url: `${server.origin}${path}?utm_source=feed${f}`, published: '2026-03-02T08:00:00Z' };
    });
    const doc = jsonl(entries);
    const path = `/feed/${f}.jsonl`;
    server.route(path, (_req, res) => void res.writeHead(200, { 'content-type': 'application/x-ndjson' }).end(doc));
    feedPaths.push(path);
  }
  const total = feeds * perFeed;

  // Baseline: the same requests, raw.
  const agent = new Agent({ connections: CONCURRENCY });
  const urls = [...feedPaths, ...pagePaths].map((p) => `${server.origin}${p}`);
  let next = 0;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < urls.length) {
        const res = await request(urls[next++]!, { dispatcher: agent });
        await res.body.arrayBuffer();
      }
    }),
  );
  const baselineSeconds = (performance.now() - t0) / 1000;
  await agent.close();

  // End to end: poll every subscription into a fresh store.
  const dir = tempDir('storyline-bench-');
  const store = await SqliteStore.open(`${dir.path}/bench.db`);
  const { extract, name } = await chooseExtractor();
  const client = new HttpClient({ minIntervalMs: 0, perHostConcurrency: CONCURRENCY });
  for (const p of feedPaths) await subscribe(store, `${server.origin}${p}`, { allowPrivate: true });
  const poller = new Poller(store, createPipeline(store), client, { extractPage: extract, itemConcurrency: 4 });
  const t1 = performance.now();
  const reports = await poller.pollDue({ concurrency: CONCURRENCY / 4 });
  const pollSeconds = (performance.now() - t1) / 1000;
  const stored = (await store.articles.counts()).articles;
  const pages = reports.reduce((n, r) => n + r.pages, 0);
  const failures = reports.filter((r) => !r.ok).length + reports.reduce((n, r) => n + r.itemErrors.length, 0);
  await client.close();
  await store.close();
  dir.cleanup();
  await server.close();

  // Second reference: the pipeline alone on the same pages, extracted beforehand (no HTTP at all).
  const dir2 = tempDir('storyline-bench-');
  const store2 = await SqliteStore.open(`${dir2.path}/bench.db`);
  const drafts = await Promise.all(pageHtml.map((p) => extract(p.html, p.url)));
  const pipeline = createPipeline(store2);
  const t2 = performance.now();
  for (const d of drafts) await pipeline.ingestDraft(d, 'bench');
  const pipelineSeconds = (performance.now() - t2) / 1000;
  await store2.close();
  dir2.cleanup();

  const pollRate = total / pollSeconds;
  const baselineRate = total / baselineSeconds;
  const json = {
    feeds,
    entries: total,
    stored,
    pagesFetched: pages,
    failures,
    extractor: name,
    concurrency: CONCURRENCY,
    pollSeconds: +pollSeconds.toFixed(3),
    entriesPerSecond: +pollRate.toFixed(1),
    baselineSeconds: +baselineSeconds.toFixed(3),
    baselineEntriesPerSecond: +baselineRate.toFixed(1),
    ratioToBaseline: +(pollRate / baselineRate).toFixed(3),
    pipelineOnlyEntriesPerSecond: +(total / pipelineSeconds).toFixed(1),
  };
  return {
    json,
    lines: [
      `poll: ${feeds} feeds, ${total} summary-only entries, ${pages} article pages fetched, ${stored} articles stored, ${failures} failures`,
      `  end to end (fetch, read, extract with ${name}, pipeline, store): ${pollSeconds.toFixed(2)} s = ${pollRate.toFixed(0)} entries/s`,
      `  baseline (raw undici GET of the same ${urls.length} URLs, ${CONCURRENCY} at a time): ${baselineSeconds.toFixed(2)} s = ${baselineRate.toFixed(0)} entries/s`,
      `  end to end runs at ${(100 * pollRate / baselineRate).toFixed(1)}% of the raw HTTP rate`,
      `  for reference, the pipeline alone on the same extracted pages: ${(total / pipelineSeconds).toFixed(0)} entries/s`,
    ],
  };
}
