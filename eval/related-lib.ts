/**
 * Pieces of eval/related.ts that do not touch the store: the labelled documents, the rank metrics, and
 * the two baselines computed straight from the JSONL (never through Storyline's code, so that a change
 * to Storyline's text analysis cannot move the yardstick).
 */
import { eng } from 'stopword';

/** One labelled article of the JSONL (only the fields the evaluation uses). */
export interface GoldDoc {
  id: string;
  title: string;
  body: string;
  story: string;
  corpus: string;
}

export interface Metrics {
  'p@5': number;
  'p@9': number;
  map: number;
  'ndcg@10': number;
}

/** Rails of this length are scored. */
export const RAIL = 10;

/**
 * Scores rails (query id -> ranked ids of other documents) against the gold stories. Only queries whose
 * story has at least one other article count. Relevant = same gold story, query excluded.
 * - P@k divides by min(k, number of other articles in the story), so a perfect rail scores 1.
 * - AP over the rail of 10: sum of precision at each relevant rank / min(10, relevant count).
 * - nDCG@10 with binary gains; the ideal ranking puts min(10, relevant count) hits first.
 * `sameArticle` (document id -> copy group) names documents that are one article (an original and the
 * copies the pipeline marked as its duplicates: the reader redirects a copy to its original, so they are
 * one page). For every system alike, a query's own copies are neither relevant to it nor counted when a
 * rail shows them: showing the page itself is not related content.
 */
export function scoreRails(
  docs: readonly GoldDoc[],
  rails: ReadonlyMap<string, readonly string[]>,
  sameArticle: ReadonlyMap<string, string> = new Map(),
): { metrics: Metrics; queries: number } {
  const storyOf = new Map(docs.map((d) => [d.id, d.story]));
  const storySize = new Map<string, number>();
  for (const d of docs) storySize.set(d.story, (storySize.get(d.story) ?? 0) + 1);
  const sum = { 'p@5': 0, 'p@9': 0, map: 0, 'ndcg@10': 0 };
  let queries = 0;
  const groupOf = (id: string) => sameArticle.get(id) ?? id;
  const groupStory = new Map<string, number>(); // "group story" -> documents of the group in the story
  for (const d of docs) groupStory.set(`${groupOf(d.id)}\u0000${d.story}`, (groupStory.get(`${groupOf(d.id)}\u0000${d.story}`) ?? 0) + 1);
  for (const d of docs) {
    const self = groupOf(d.id);
    const relevant = storySize.get(d.story)! - groupStory.get(`${self}\u0000${d.story}`)!;
    if (relevant < 1) continue;
    queries++;
    const rail = (rails.get(d.id) ?? []).filter((id) => id !== d.id && groupOf(id) !== self).slice(0, RAIL);
    const hits = rail.map((id) => storyOf.get(id) === d.story);
    const precisionAt = (k: number) => hits.slice(0, k).filter(Boolean).length / Math.min(k, relevant);
    sum['p@5'] += precisionAt(5);
    sum['p@9'] += precisionAt(9);
    let found = 0;
    let ap = 0;
    let dcg = 0;
    hits.forEach((hit, i) => {
      if (!hit) return;
      found++;
      ap += found / (i + 1);
      dcg += 1 / Math.log2(i + 2);
    });
    const ideal = Math.min(RAIL, relevant);
    let idcg = 0;
    for (let i = 0; i < ideal; i++) idcg += 1 / Math.log2(i + 2);
    sum.map += ap / ideal;
    sum['ndcg@10'] += dcg / idcg;
  }
  const n = Math.max(queries, 1);
  return {
    metrics: { 'p@5': sum['p@5'] / n, 'p@9': sum['p@9'] / n, map: sum.map / n, 'ndcg@10': sum['ndcg@10'] / n },
    queries,
  };
}

const STOP = new Set(eng);

/** The baselines' tokens: lower-cased runs of letters and digits, English stop words removed. */
export function baselineTokens(text: string): string[] {
  return (text.toLowerCase().split(/[^\p{L}\p{N}]+/u) ?? []).filter((t) => t && !STOP.has(t));
}

function topK(scores: Map<string, number>, k: number): string[] {
  return [...scores].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).slice(0, k).map(([id]) => id);
}

/** Plain tf-idf cosine over the whole text: tf = 1 + ln tf, idf = ln(N / df), headline tokens twice. */
export function tfidfRails(docs: readonly GoldDoc[], k = RAIL): Map<string, string[]> {
  const tfs = docs.map((d) => {
    const tf = new Map<string, number>();
    for (const t of [...baselineTokens(d.title), ...baselineTokens(d.title), ...baselineTokens(d.body)]) tf.set(t, (tf.get(t) ?? 0) + 1);
    return tf;
  });
  const df = new Map<string, number>();
  for (const tf of tfs) for (const t of tf.keys()) df.set(t, (df.get(t) ?? 0) + 1);
  const vectors = tfs.map((tf) => {
    const v = new Map<string, number>();
    let norm = 0;
    for (const [t, n] of tf) {
      const w = (1 + Math.log(n)) * Math.log(docs.length / df.get(t)!);
      if (w > 0) v.set(t, w);
      norm += w * w;
    }
    norm = Math.sqrt(norm) || 1;
    for (const [t, w] of v) v.set(t, w / norm);
    return v;
  });
  const rails = new Map<string, string[]>();
  docs.forEach((d, i) => {
    const scores = new Map<string, number>();
    docs.forEach((o, j) => {
      if (i === j) return;
      let dot = 0;
      for (const [t, w] of vectors[i]!) dot += w * (vectors[j]!.get(t) ?? 0);
      scores.set(o.id, dot);
    });
    rails.set(d.id, topK(scores, k));
  });
  return rails;
}

/** BM25 (k1 1.2, b 0.75) of each article's headline as the query, against headline + body of the others. */
export function bm25TitleRails(docs: readonly GoldDoc[], k = RAIL, k1 = 1.2, b = 0.75): Map<string, string[]> {
  const tfs = docs.map((d) => {
    const tf = new Map<string, number>();
    const tokens = [...baselineTokens(d.title), ...baselineTokens(d.body)];
    for (const t of tokens) tf.set(t, (tf.get(t) ?? 0) + 1);
    return { tf, length: tokens.length };
  });
  const avgdl = tfs.reduce((s, d) => s + d.length, 0) / Math.max(docs.length, 1);
  const df = new Map<string, number>();
  for (const { tf } of tfs) for (const t of tf.keys()) df.set(t, (df.get(t) ?? 0) + 1);
  const idf = (t: string) => {
    const n = df.get(t) ?? 0;
    return Math.log(1 + (docs.length - n + 0.5) / (n + 0.5));
  };
  const rails = new Map<string, string[]>();
  docs.forEach((d, i) => {
    const query = [...new Set(baselineTokens(d.title))];
    const scores = new Map<string, number>();
    docs.forEach((o, j) => {
      if (i === j) return;
      const { tf, length } = tfs[j]!;
      let s = 0;
      for (const t of query) {
        const f = tf.get(t) ?? 0;
        if (f) s += (idf(t) * f * (k1 + 1)) / (f + k1 * (1 - b + (b * length) / avgdl));
      }
      scores.set(o.id, s);
    });
    rails.set(d.id, topK(scores, k));
  });
  return rails;
}
