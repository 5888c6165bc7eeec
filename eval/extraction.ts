/**
 * Extraction-quality evaluation: `npm run eval:extraction -- DIR [--json]`.
 *
 * DIR holds the article-extraction benchmark's layout: html/<id>.html.gz, ground-truth.json and,
 * optionally, reference-output/*.json (published outputs of other extractors). Scores Storyline's HTML
 * reader, plain Readability (linkedom + Readability textContent, no rules) as the baseline, and each
 * reference output, all with the benchmark's shingle metric (src/eval/extraction-metric.ts).
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { Readability } from '@mozilla/readability';
import { parseHTML } from 'linkedom';
import { aggregate, scorePage, type PageScore, type Score } from '../src/eval/extraction-metric.ts';
import { extractArticle } from '../src/ingest/readers/html.ts';

interface Truth {
  articleBody: string;
  url?: string;
}

const USAGE = 'usage: npm run eval:extraction -- DIR [--json]   (DIR has html/*.html.gz and ground-truth.json)';

interface Speed {
  msP50: number;
  msP95: number;
  pagesPerSecond: number;
}

function speedOf(times: readonly number[]): Speed {
  const sorted = [...times].sort((a, b) => a - b);
  const pct = (p: number) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? 0;
  const total = times.reduce((s, t) => s + t, 0);
  return { msP50: pct(0.5), msP95: pct(0.95), pagesPerSecond: total ? (1000 * times.length) / total : 0 };
}

function main(argv: string[]): number {
  const json = argv.includes('--json');
  const dir = argv.find((a) => !a.startsWith('--'));
  if (!dir || !existsSync(join(dir, 'html')) || !existsSync(join(dir, 'ground-truth.json'))) {
    console.error(USAGE);
    return 2;
  }
  const truth = JSON.parse(readFileSync(join(dir, 'ground-truth.json'), 'utf8')) as Record<string, Truth>;
  const ids = readdirSync(join(dir, 'html'))
    .filter((f) => f.endsWith('.html.gz'))
    .map((f) => f.slice(0, -'.html.gz'.length))
    .filter((id) => truth[id])
    .sort();
  const pages = ids.map((id) => ({ id, html: gunzipSync(readFileSync(join(dir, 'html', `${id}.html.gz`))).toString('utf8') }));

  // Ours: a first pass scores (and warms the JIT up), a second pass is timed per page, single thread.
  const ours: PageScore[] = [];
  let failures = 0;
  const runOurs = (id: string, html: string): string => {
    try {
      return extractArticle(html, truth[id]!.url).body.join('\n');
    } catch {
      return '';
    }
  };
  for (const { id, html } of pages) {
    const text = runOurs(id, html);
    if (!text) failures++;
    ours.push(scorePage(id, text, truth[id]!.articleBody));
  }
  const score = aggregate(ours);
  const times = pages.map(({ id, html }) => {
    const start = performance.now();
    runOurs(id, html);
    return performance.now() - start;
  });

  // Baseline: plain Readability, no rules (timed too, as a yardstick for the machine's load).
  const baselineTimes: number[] = [];
  const baselinePages = pages.map(({ id, html }) => {
    let text = '';
    const start = performance.now();
    try {
      const { document } = parseHTML(html);
      text = new Readability(document as unknown as Document).parse()?.textContent ?? '';
    } catch {
      text = '';
    }
    baselineTimes.push(performance.now() - start);
    return scorePage(id, text, truth[id]!.articleBody);
  });
  const baseline = aggregate(baselinePages);

  // Published reference outputs: {"version", "output": {id: {articleBody}}} or {id: {articleBody}}.
  const reference: Record<string, Score> = {};
  const refDir = join(dir, 'reference-output');
  if (existsSync(refDir)) {
    for (const file of readdirSync(refDir).filter((f) => f.endsWith('.json')).sort()) {
      const raw = JSON.parse(readFileSync(join(refDir, file), 'utf8')) as Record<string, unknown>;
      const output = (raw.output ?? raw) as Record<string, { articleBody?: string } | undefined>;
      reference[file.slice(0, -5)] = aggregate(ids.map((id) => scorePage(id, output[id]?.articleBody ?? '', truth[id]!.articleBody)));
    }
  }

  const speed = speedOf(times);
  const baselineSpeed = speedOf(baselineTimes);

  if (json) {
    console.log(JSON.stringify({ ...score, baseline, reference, failures, speed, baselineSpeed }));
    return 0;
  }
  const f = (x: number) => x.toFixed(3);
  const rows: [string, Score][] = [['storyline (ours)', score], ['readability+linkedom (baseline)', baseline], ...Object.entries(reference)];
  console.log(`${'extractor'.padEnd(34)} precision  recall     F1      n`);
  for (const [name, s] of rows) console.log(`${name.padEnd(34)} ${f(s.precision)}      ${f(s.recall)}     ${f(s.f1)}  ${s.n}`);
  const line = (s: Speed) => `${s.pagesPerSecond.toFixed(1)} pages/s single thread, ms/page p50 ${s.msP50.toFixed(1)} p95 ${s.msP95.toFixed(1)}`;
  console.log(`\nours: ${failures} page(s) without an article; ${line(speed)}`);
  console.log(`baseline (plain Readability): ${line(baselineSpeed)}`);
  console.log('\nworst 5 pages (ours):');
  for (const p of [...ours].sort((a, b) => a.f1 - b.f1).slice(0, 5)) {
    console.log(`  ${p.id.slice(0, 12)}  P ${p.precision === undefined ? '  -  ' : f(p.precision)}  R ${f(p.recall)}  F1 ${f(p.f1)}  ${truth[p.id]!.url ?? ''}`);
  }
  return 0;
}

process.exitCode = main(process.argv.slice(2));
