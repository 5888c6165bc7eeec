/**
 * Speed of entity extraction, for the ingest bench: milliseconds per 1,000 words (p50 and p95) over a set
 * of articles. `npm run bench -- entities [FILE.jsonl]` (default: the dev data in ../shared), or directly:
 * `tsx bench/entities.ts ../shared/data/stories-dev.jsonl`.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { BenchResult } from './run.ts';
import { extractEntities, type EntityArticle } from '../src/analyse/entities.ts';

export interface EntitiesBenchResult {
  articles: number;
  /** Median time per article, normalised to 1,000 words. */
  p50MsPer1000Words: number;
  p95MsPer1000Words: number;
  /** Median words per article. */
  medianWords: number;
}

const wordCount = (a: EntityArticle) => [a.headline, a.standfirst ?? '', ...a.body].join(' ').split(/\s+/).filter(Boolean).length;

/** Times `extractEntities` on each article `rounds` times (after one warm-up pass) and reports per-1,000-word figures. */
export function benchEntities(articles: readonly EntityArticle[], rounds = 5): EntitiesBenchResult {
  for (const a of articles) extractEntities(a);
  const perK: number[] = [];
  const words: number[] = [];
  for (const a of articles) {
    const n = Math.max(1, wordCount(a));
    words.push(n);
    let best = Infinity;
    for (let r = 0; r < rounds; r++) {
      const t0 = performance.now();
      extractEntities(a);
      best = Math.min(best, performance.now() - t0);
    }
    perK.push((best * 1000) / n);
  }
  const q = (xs: number[], p: number) => {
    const s = [...xs].sort((x, y) => x - y);
    return s.length === 0 ? 0 : s[Math.min(s.length - 1, Math.floor(p * s.length))]!;
  };
  return { articles: articles.length, p50MsPer1000Words: q(perK, 0.5), p95MsPer1000Words: q(perK, 0.95), medianWords: q(words, 0.5) };
}

/** Articles from a JSONL file with `title` and `body` (paragraphs split on newlines). */
export function readJsonlArticles(file: string): Map<string, EntityArticle> {
  const out = new Map<string, EntityArticle>();
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    if (!line.trim()) continue;
    const row = JSON.parse(line) as { id: string; title?: string; body?: string };
    const body = (row.body ?? '').split(/\n+/).map((p) => p.trim()).filter(Boolean);
    out.set(row.id, { headline: row.title ?? '', body });
  }
  return out;
}

/** The bench runner's entry point (bench/run.ts). */
export async function run(args: string[]): Promise<BenchResult> {
  const file = args[0] ?? fileURLToPath(new URL('../../shared/data/stories-dev.jsonl', import.meta.url));
  const r = benchEntities([...readJsonlArticles(file).values()]);
  return {
    json: { articles: r.articles, entity_ms_per_1000_words_p50: r.p50MsPer1000Words, entity_ms_per_1000_words_p95: r.p95MsPer1000Words, median_words: r.medianWords },
    lines: [`entity extraction on ${r.articles} articles (median ${r.medianWords} words): ${r.p50MsPer1000Words.toFixed(3)} ms per 1,000 words (p50), ${r.p95MsPer1000Words.toFixed(3)} (p95); budget 5`],
  };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const file = process.argv[2];
  if (!file) {
    console.error('usage: tsx bench/entities.ts FILE.jsonl');
    process.exit(2);
  }
  console.log(JSON.stringify(benchEntities([...readJsonlArticles(file).values()])));
}
