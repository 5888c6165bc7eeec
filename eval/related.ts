/**
 * `npm run eval:related -- FILE.jsonl [--corpus NAME] [--json]`
 *
 * Ingests a labelled JSONL file (fields id, title, body, story, corpus, ...) into a fresh temporary
 * database through the real pipeline (readInput + createPipeline, so rails are the incremental ones the
 * product stores) and scores the stored rails against the gold stories: precision at 5 and 9, MAP and
 * nDCG@10 (definitions in related-lib.ts). In the same run, two baselines computed straight from the
 * JSONL: plain tf-idf cosine, and a BM25 query of the headline. Without --corpus each corpus is ingested
 * into its own database and scored, and then all of them together.
 */
import { readFileSync } from 'node:fs';
import { withIngestedArchive } from './archive.ts';
import { RAIL, bm25TitleRails, scoreRails, tfidfRails, type GoldDoc, type Metrics } from './related-lib.ts';

interface Report {
  storyline: Metrics;
  baselines: { tfidf: Metrics; 'bm25-title': Metrics };
  articles: number;
  seconds: number;
}

/** Storyline's stored rails for the documents, keyed by JSONL id. */
async function storylineRails(lines: readonly string[], docs: readonly GoldDoc[]): Promise<{ rails: Map<string, string[]>; sameArticle: Map<string, string> }> {
  return withIngestedArchive('eval.jsonl', Buffer.from(lines.join('\n')), async (store, results) => {
    if (results.length !== docs.length) throw new Error(`read ${results.length} items from ${docs.length} lines`);
    // Duplicates (exact or near copies, duplicateOf set) are stored but have no rail and sit in no rail:
    // a rail shows an article once, whichever copy the reader meets. So that the copies of a story still
    // count as what they are (the same article), the gold mapping reads a rail entry as the original
    // followed by its copies, each taking a position (the rail stays 10 long, as the baselines', which
    // spend positions on copies too). A duplicate's own page shows its original's rail, so a duplicate
    // query is scored on [its original, the original's other copies, the original's rail], the query
    // itself excluded. An original and its copies are one page (the reader redirects copies), so for
    // every system alike scoreRails neither asks a query's own copies of it nor credits showing them.
    const goldOf = new Map<string, string>(); // stored article id -> JSONL id
    const copies = new Map<string, string[]>(); // stored original id -> JSONL ids of its duplicates
    results.forEach((r, i) => {
      const doc = docs[i]!;
      if (!r.ok) throw new Error(`${doc.id}: ${r.error}`);
      if (r.duplicateOf) copies.set(r.duplicateOf, [...(copies.get(r.duplicateOf) ?? []), doc.id]);
      else goldOf.set(r.id, doc.id);
    });
    const expand = (storedIds: readonly string[]) => storedIds.flatMap((id) => [goldOf.get(id) ?? `?${id}`, ...(copies.get(id) ?? [])]);
    const rails = new Map<string, string[]>();
    for (const [i, r] of results.entries()) {
      if (!r.ok) continue;
      const rail = (await store.related.rail(r.duplicateOf ?? r.id, RAIL)).map((e) => e.articleId);
      const ids = expand(r.duplicateOf ? [r.duplicateOf, ...rail] : rail);
      rails.set(docs[i]!.id, ids.filter((id) => id !== docs[i]!.id).slice(0, RAIL));
    }
    // Copy groups (JSONL id -> its original's JSONL id), for the scoring of every system alike.
    const sameArticle = new Map<string, string>();
    for (const [original, ids] of copies) for (const id of [goldOf.get(original)!, ...ids]) sameArticle.set(id, goldOf.get(original)!);
    return { rails, sameArticle };
  });
}

async function evaluate(lines: readonly string[]): Promise<Report> {
  const docs = lines.map((l) => JSON.parse(l) as GoldDoc);
  const started = performance.now();
  const { rails, sameArticle } = await storylineRails(lines, docs);
  const seconds = (performance.now() - started) / 1000;
  const storyline = scoreRails(docs, rails, sameArticle);
  return {
    storyline: storyline.metrics,
    baselines: { tfidf: scoreRails(docs, tfidfRails(docs), sameArticle).metrics, 'bm25-title': scoreRails(docs, bm25TitleRails(docs), sameArticle).metrics },
    articles: storyline.queries,
    seconds: Math.round(seconds * 100) / 100,
  };
}

function table(name: string, r: Report): string[] {
  const row = (label: string, m: Metrics) =>
    `  ${label.padEnd(11)} ${(['p@5', 'p@9', 'map', 'ndcg@10'] as const).map((k) => m[k].toFixed(4).padStart(8)).join('')}`;
  const err = (m: Metrics, k: 'p@5' | 'ndcg@10') => 1 - m[k];
  const ratio = (k: 'p@5' | 'ndcg@10') => (err(r.baselines.tfidf, k) ? err(r.storyline, k) / err(r.baselines.tfidf, k) : 0).toFixed(2);
  return [
    `${name}: ${r.articles} scored articles (ingest + rails ${r.seconds} s)`,
    `  ${''.padEnd(11)} ${['P@5', 'P@9', 'MAP', 'nDCG@10'].map((h) => h.padStart(8)).join('')}`,
    row('storyline', r.storyline),
    row('tf-idf', r.baselines.tfidf),
    row('bm25-title', r.baselines['bm25-title']),
    `  errors vs tf-idf: 1-P@5 x${ratio('p@5')}, 1-nDCG@10 x${ratio('ndcg@10')} (target: at most x0.50)`,
  ];
}

async function main(argv: string[]): Promise<void> {
  const json = argv.includes('--json');
  const corpusAt = argv.indexOf('--corpus');
  const corpus = corpusAt >= 0 ? argv[corpusAt + 1] : undefined;
  const file = argv.find((a, i) => !a.startsWith('--') && !(corpusAt >= 0 && i === corpusAt + 1));
  if (!file || (corpusAt >= 0 && !corpus)) {
    process.stderr.write('usage: npm run eval:related -- FILE.jsonl [--corpus NAME] [--json]\n');
    process.exit(2);
  }
  const lines = readFileSync(file, 'utf8').split('\n').filter((l) => l.trim());
  const corpusOf = (l: string) => String((JSON.parse(l) as { corpus?: string }).corpus ?? 'default');
  if (corpus) {
    const selected = lines.filter((l) => corpusOf(l) === corpus);
    if (!selected.length) throw new Error(`no articles of corpus ${corpus} in ${file}`);
    const report = await evaluate(selected);
    process.stdout.write(json ? `${JSON.stringify(report)}\n` : `${table(corpus, report).join('\n')}\n`);
    return;
  }
  const names = [...new Set(lines.map(corpusOf))].sort();
  const corpora: Record<string, Report> = {};
  for (const name of names) corpora[name] = await evaluate(lines.filter((l) => corpusOf(l) === name));
  if (names.length > 1) corpora.all = await evaluate(lines);
  if (json) process.stdout.write(`${JSON.stringify({ corpora })}\n`);
  else for (const [name, report] of Object.entries(corpora)) process.stdout.write(`${table(name, report).join('\n')}\n\n`);
}

await main(process.argv.slice(2));
