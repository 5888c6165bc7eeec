/**
 * `npm run bench -- stories [--sizes 10000,100000] [--sample N] [--data FILE]`
 *
 * Clustering cost per new article as the archive grows: the time of the stories stage and the story
 * review stage (votes and splits from the rails, see src/stories/review.ts) for each of N new articles
 * once the archive holds 10k and 100k articles, p50/p99 in ms, the growth factor from the smallest to
 * the largest size, and, as the same-run baseline, the terms stage's time for the same articles (the
 * cheapest stage there is: one df upsert per term).
 *
 * The archive is the labelled dev data replayed: copy k of every article gets a new id and URL, its
 * date shifted by k weeks, its capitalised words (the names) suffixed with a code for k, so that each
 * copy tells new events with new people and places, and 15% of its words dropped at random, so that no
 * copy is a near-duplicate of another. Building goes through the real stages (terms, stories, review) in
 * batched transactions, without the dedupe step, which is not what is measured. The review reads the
 * Related Content rails, which are not computed here (the related bench measures that): each article's
 * rail is pre-filled, before its review, with the earlier articles of its gold story in the same copy,
 * nearest first, scores falling from 0.6 by 0.03 a rank, so that its top five vote.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import type { BenchResult } from './run.ts';
import type { Article } from '../src/model.ts';
import { normaliseDraft } from '../src/ingest/normalise.ts';
import { textOrHtmlToParagraphs } from '../src/ingest/html-text.ts';
import { termsStage } from '../src/analyse/terms-stage.ts';
import { storiesStage, storyReviewStage } from '../src/stories/stage.ts';
import { SqliteStore } from '../src/store/sqlite/store.ts';
import { seededRandom } from '../src/util/random.ts';
import { streamOrder, type GoldRow } from '../eval/stories.ts';

type Row = Pick<GoldRow, 'id' | 'title' | 'body' | 'published' | 'source' | 'story'>;

const DEFAULT_DATA = fileURLToPath(new URL('../../shared/data/stories-dev.jsonl', import.meta.url));


/** k as lower-case letters (0 -> "", 1 -> "b", ...): a suffix that keeps a word a word. */
function code(k: number): string {
  let s = '';
  for (let n = k; n > 0; n = Math.floor(n / 26)) s = String.fromCharCode(97 + (n % 26)) + s;
  return s;
}

function perturb(text: string, k: number, rnd: () => number): string {
  const suffix = code(k);
  return text
    .split(/(\s+)/)
    .filter((w) => /^\s+$/.test(w) || rnd() >= 0.15)
    .map((w) => (suffix && /^\p{Lu}\p{L}+/u.test(w) ? w.replace(/^(\p{Lu}\p{L}+)/u, `$1${suffix}`) : w))
    .join('');
}

function replayed(rows: readonly Row[], i: number, now: Date): Article {
  const k = Math.floor(i / rows.length);
  const row = rows[i % rows.length]!;
  const rnd = seededRandom(i + 1);
  const published = row.published ? new Date(Date.parse(row.published) + k * 7 * 86_400_000).toISOString() : undefined;
  const headline = perturb(row.title, k, rnd);
  const draft = normaliseDraft(
    {
      sourceId: `${row.id}#${k}`,
      url: `https://replay${k}.example/${encodeURIComponent(row.id)}`,
      // A short headline can lose all its words: keep the original then.
      headline: /\p{L}/u.test(headline) ? headline : row.title,
      body: textOrHtmlToParagraphs(perturb(row.body, k, rnd).replace(/\n/g, '\n\n')),
      publisher: row.source ?? undefined,
      publishedAt: published,
    },
    now,
  );
  return { ...draft, duplicateOf: undefined };
}

/** Entries of a pre-filled rail (RELATED.kMax is 12 as well; only the top five vote). */
const RAIL_SIZE = 12;

function quantile(sorted: readonly number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
}

function arg(args: readonly string[], flag: string): string | undefined {
  const i = args.indexOf(flag);
  return i >= 0 ? args[i + 1] : undefined;
}

export async function run(args: string[]): Promise<BenchResult> {
  const sizes = (arg(args, '--sizes') ?? '10000,100000').split(',').map(Number).sort((a, b) => a - b);
  const sample = Number(arg(args, '--sample') ?? 300);
  const data = arg(args, '--data') ?? DEFAULT_DATA;
  const rows = readFileSync(data, 'utf8').split('\n').filter((l) => l.trim()).map((l) => JSON.parse(l) as Row);
  // Stream order within a replay: dated by date, undated in their file places.
  const ordered = streamOrder(rows);
  // For each position in a copy, the earlier positions of its gold story, nearest first (its rail).
  const earlier = ordered.map((row, p) => ordered.flatMap((other, q) => (q < p && other.story === row.story ? [q] : [])).reverse().slice(0, RAIL_SIZE));
  const ids: string[] = [];

  const dir = mkdtempSync(join(tmpdir(), 'storyline-bench-'));
  const store = await SqliteStore.open(join(dir, 'bench.db'));
  const now = new Date('2030-01-01T00:00:00Z');
  const empty = new Uint32Array(0);
  let count = 0;
  const results: Record<string, unknown>[] = [];
  const lines: string[] = [];
  const started = performance.now();
  try {
    const ingest = async (article: Article, timings?: { terms: number[]; stories: number[]; review: number[] }) => {
      const i = ids.length;
      ids.push(article.id);
      await store.articles.put(article, empty, []);
      const copyStart = i - (i % ordered.length);
      const rail = earlier[i % ordered.length]!.map((q, rank) => ({ articleId: ids[copyStart + q]!, score: 0.6 - rank * 0.03 }));
      await store.related.putRail(article.id, rail);
      const t0 = performance.now();
      await termsStage.apply(store, { article });
      const t1 = performance.now();
      await storiesStage.apply(store, { article });
      const t2 = performance.now();
      await storyReviewStage.apply(store, { article });
      const t3 = performance.now();
      timings?.terms.push(t1 - t0);
      timings?.stories.push(t3 - t1);
      timings?.review.push(t3 - t2);
    };
    for (const size of sizes) {
      const buildStart = performance.now();
      while (count < size) {
        const end = Math.min(size, count + 500);
        await store.transaction(async () => {
          for (; count < end; count++) await ingest(replayed(ordered, count, now));
        });
      }
      const buildSeconds = (performance.now() - buildStart) / 1000;
      const timings = { terms: [] as number[], stories: [] as number[], review: [] as number[] };
      // Each measured article in its own transaction, as the pipeline runs it.
      for (let j = 0; j < sample; j++, count++) {
        const article = replayed(ordered, count, now);
        await store.transaction(async () => ingest(article, timings));
      }
      const stories = [...timings.stories].sort((a, b) => a - b);
      const terms = [...timings.terms].sort((a, b) => a - b);
      const review = [...timings.review].sort((a, b) => a - b);
      const r = {
        archive: size,
        stories_in_archive: await store.stories.count(),
        sample,
        stories_ms: { p50: quantile(stories, 0.5), p99: quantile(stories, 0.99), mean: stories.reduce((a, b) => a + b, 0) / stories.length },
        review_ms: { p50: quantile(review, 0.5), p99: quantile(review, 0.99) },
        terms_ms: { p50: quantile(terms, 0.5), p99: quantile(terms, 0.99) },
        build_seconds: buildSeconds,
      };
      results.push(r);
      process.stderr.write(`${JSON.stringify(r)}\n`);
      lines.push(
        `archive ${size}: stories and review stages p50 ${r.stories_ms.p50.toFixed(2)} ms, p99 ${r.stories_ms.p99.toFixed(2)} ms per article ` +
          `(of which review p50 ${r.review_ms.p50.toFixed(2)}, p99 ${r.review_ms.p99.toFixed(2)}) ` +
          `(terms stage p50 ${r.terms_ms.p50.toFixed(2)}, p99 ${r.terms_ms.p99.toFixed(2)}); ${r.stories_in_archive} stories; built in ${buildSeconds.toFixed(0)} s`,
      );
    }
  } finally {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
  const first = results[0] as { stories_ms: { p50: number; p99: number }; terms_ms: { p50: number } };
  const last = results[results.length - 1] as typeof first;
  const growth = { p50: last.stories_ms.p50 / first.stories_ms.p50, p99: last.stories_ms.p99 / first.stories_ms.p99 };
  const vsTerms = last.stories_ms.p50 / last.terms_ms.p50;
  lines.push(`growth ${sizes[0]} -> ${sizes[sizes.length - 1]}: p50 x${growth.p50.toFixed(2)}, p99 x${growth.p99.toFixed(2)}; stories/terms stage at the largest size: x${vsTerms.toFixed(1)}`);
  lines.push(`total ${((performance.now() - started) / 1000).toFixed(0)} s`);
  return { json: { sizes: results, growth, stories_over_terms_p50: vsTerms, data }, lines };
}
