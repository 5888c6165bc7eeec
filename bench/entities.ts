/**
 * Speed of entity extraction, for the ingest bench: milliseconds per 1,000 words (p50 and p95) over a set
 * of articles. Run directly for the dev data: `tsx bench/entities.ts ../shared/data/stories-dev.jsonl`.
 */
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
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

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const file = process.argv[2];
  if (!file) {
    console.error('usage: tsx bench/entities.ts FILE.jsonl');
    process.exit(2);
  }
  console.log(JSON.stringify(benchEntities([...readJsonlArticles(file).values()])));
}
