/**
 * Word tokens and 4-token shingle multisets, as the article-extraction benchmark defines them
 * (scrapinghub/article-extraction-benchmark): its metric (src/eval/extraction-metric.ts) counts them,
 * and the HTML reader uses them to measure how much of an extracted body a page's JSON-LD articleBody
 * confirms (ingest/html/body.ts).
 */

const SHINGLE = 4;

/** Word tokens: maximal runs of Unicode letters, numbers and `_` (Python's `\w`), case kept. */
export function tokens(text: string): string[] {
  return text.match(/[\p{L}\p{N}_]+/gu) ?? [];
}

/** 4-token shingles as a multiset; a text of 1-3 tokens is one shingle, an empty text none. */
export function shingles(text: string): Map<string, number> {
  const toks = tokens(text);
  const out = new Map<string, number>();
  if (toks.length === 0) return out;
  const n = Math.max(1, toks.length - SHINGLE + 1);
  for (let i = 0; i < n; i++) {
    const key = toks.slice(i, i + SHINGLE).join('\u0001');
    out.set(key, (out.get(key) ?? 0) + 1);
  }
  return out;
}
