/**
 * `npm run bench -- related [--sizes 10000,100000] [--data FILE.jsonl] [--measure 200] [--rounds 5] [--warm 1000]`
 *
 * Rail computation per new article and rail read latency on archives of each size. The archive is the
 * labelled dev data replayed: copy c of an article gets a new URL, its date shifted by c * 7 days, and
 * one word in eight replaced by a word from a fixed list chosen by (copy, position), so copies are close
 * but never identical. The archive is built fast, straight into the tables (articles through the
 * article repository; terms, profiles and entities computed in bulk with final document frequencies;
 * rails and candidate lists pre-filled from the gold stories, 12 and RELATED.listSize entries each). Measured articles then go through the real
 * incremental path: stored, term statistics updated, and the related stage (rail computed, older rails
 * updated) timed, each in its own transaction: first right after the archive is opened (the working set
 * empty), then again after `warm` more arrivals. Each is measured in `rounds` rounds of `measure`
 * arrivals, the archive opened afresh before each cold round: a p99 of 200 arrivals is their second
 * slowest, and moved by half between two runs of the same code. Each arrival is also timed whole, its
 * commit included (what one article in its own transaction costs at this size). Baseline in the same run: a bare FTS5 OR
 * query of the article's heaviest words: what a plain full-text "more like this" costs (it grows with
 * the archive).
 */
import { readFileSync, mkdtempSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BenchResult } from './run.ts';
import type { GoldRow } from '../eval/stories.ts';
import type { Article } from '../src/model.ts';
import { SqliteStore } from '../src/store/sqlite/store.ts';
import { normaliseDraft } from '../src/ingest/normalise.ts';
import { fingerprint } from '../src/ingest/dedupe.ts';
import { termCounts } from '../src/analyse/text.ts';
import { termsStage } from '../src/analyse/terms-stage.ts';
import { relatedStage } from '../src/related/stage.ts';
import { pseudoEntities, surfaceForms } from '../src/related/features.ts';
import { profileOf } from '../src/related/engine.ts';
import type { RelatedProfile } from '../src/store/related.ts';
import { heaviestTerms } from '../src/store/postings.ts';
import { ftsPhrase } from '../src/search/query.ts';
import { RELATED } from '../src/related/config.ts';

type Doc = Omit<GoldRow, 'corpus' | 'url'>;

const FILLER = ['notably', 'meanwhile', 'reportedly', 'locally', 'broadly', 'chiefly', 'largely', 'partly', 'openly', 'quietly', 'firmly', 'mostly'];

function perturb(text: string, copy: number): string {
  let i = 0;
  return text.replace(/[\p{L}]+/gu, (w) => (++i + copy) % 8 === 0 ? FILLER[(i * 7 + copy) % FILLER.length]! : w);
}

function copyOf(doc: Doc, copy: number): Article {
  const shifted = doc.published ? new Date(Date.parse(doc.published) + copy * 7 * 86_400_000).toISOString() : undefined;
  const a = normaliseDraft({
    sourceId: `${doc.id}#${copy}`,
    headline: perturb(doc.title, copy),
    body: perturb(doc.body, copy).split('\n').filter((p) => p.trim()),
    url: `https://bench.example/${copy}/${encodeURIComponent(doc.id)}`,
    publisher: doc.source ?? undefined,
    publishedAt: shifted,
  });
  return { ...a };
}

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

function stats(samples: number[]): { p50: number; p95: number; p99: number; mean: number } {
  const s = [...samples].sort((a, b) => a - b);
  const r = (x: number) => Math.round(x * 1000) / 1000;
  return { p50: r(percentile(s, 50)), p95: r(percentile(s, 95)), p99: r(percentile(s, 99)), mean: r(s.reduce((a, b) => a + b, 0) / s.length) };
}

/** Inserts copies [from, to) of the docs straight into the tables, in big transactions. */
function build(store: SqliteStore, docs: readonly Doc[], from: number, to: number): void {
  const db = store.db;
  const putTerms = db.prepare('INSERT INTO article_terms (article_id, counts) VALUES (?, ?)');
  const incDf = db.prepare('INSERT INTO term_df (term, df) VALUES (?, ?) ON CONFLICT(term) DO UPDATE SET df = df + excluded.df');
  const putEntity = db.prepare('INSERT OR IGNORE INTO related_entities (entity, article_id, name) VALUES (?, ?, ?)');
  const batch = 2000;
  for (let start = from; start < to; start += batch) {
    const df = new Map<string, number>();
    db.transaction(() => {
      for (let i = start; i < Math.min(to, start + batch); i++) {
        const doc = docs[i % docs.length]!;
        const a = copyOf(doc, Math.floor(i / docs.length));
        const fp = fingerprint(a.body);
        void store.articles.put(a, fp.signature, fp.bands);
        const counts = termCounts(a);
        putTerms.run(a.id, JSON.stringify(Object.fromEntries(counts)));
        for (const t of counts.keys()) df.set(t, (df.get(t) ?? 0) + 1);
        for (const e of pseudoEntities(a)) putEntity.run(e.key, a.id, e.name);
      }
      for (const [t, n] of df) incDf.run(t, n);
    })();
  }
}

/** Profiles of every article with the archive's final frequencies (what a settled archive holds). */
function fillProfiles(store: SqliteStore): void {
  const db = store.db;
  const n = (db.prepare('SELECT count(*) AS n FROM article_terms').get() as { n: number }).n;
  const df = new Map((db.prepare('SELECT term, df FROM term_df').all() as { term: string; df: number }[]).map((r) => [r.term, r.df]));
  const ef = new Map((db.prepare('SELECT entity, count(*) AS n FROM related_entities GROUP BY entity').all() as { entity: string; n: number }[]).map((r) => [r.entity, r.n]));
  const entitiesOf = db.prepare('SELECT entity FROM related_entities WHERE article_id = ?').pluck();
  const rows = db.prepare('SELECT article_id, counts FROM article_terms').iterate() as Iterable<{ article_id: string; counts: string }>;
  const pending: [string, RelatedProfile][] = [];
  for (const r of rows) {
    pending.push([r.article_id, profileOf(new Map(Object.entries(JSON.parse(r.counts) as Record<string, number>)), df, n, entitiesOf.all(r.article_id) as string[], ef)]);
  }
  // SqliteRelated.putProfile runs synchronously (better-sqlite3): it nests in this one transaction.
  db.transaction(() => {
    for (const [id, profile] of pending) void store.related.putProfile(id, profile, RELATED.indexTerms);
  })();
}

/** Rails pre-filled from the gold stories (same story, nearest copies first) with descending scores. */
function fillRails(store: SqliteStore, docs: readonly Doc[], size: number): void {
  const byStory = new Map<string, number[]>();
  docs.forEach((d, i) => byStory.set(d.story, [...(byStory.get(d.story) ?? []), i]));
  const ids = new Map<number, string>();
  const idOf = (i: number) => {
    let id = ids.get(i);
    if (!id) ids.set(i, (id = copyOf(docs[i % docs.length]!, Math.floor(i / docs.length)).id));
    return id;
  };
  const db = store.db;
  const putRail = db.prepare('INSERT OR REPLACE INTO related_rails (article_id, entries) VALUES (?, ?)');
  const insCand = db.prepare('INSERT OR REPLACE INTO related_candidates (article_id, related_id, score, twin, reasons) VALUES (?, ?, ?, 0, ?)');
  const reasons = JSON.stringify({ entities: [], terms: ['bench'], sameStory: false });
  const copies = Math.ceil(size / docs.length);
  db.transaction(() => {
    for (let i = 0; i < size; i++) {
      const doc = i % docs.length;
      const copy = Math.floor(i / docs.length);
      const mates: number[] = [];
      for (let d = 0; mates.length < RELATED.listSize && d < copies; d++) {
        for (const c of [copy - d, copy + d]) {
          if (c < 0 || c >= copies || (d === 0 && c !== copy)) continue;
          for (const j of byStory.get(docs[doc]!.story)!) {
            const k = c * docs.length + j;
            if (k !== i && k < size && mates.length < RELATED.listSize) mates.push(k);
          }
        }
      }
      putRail.run(idOf(i), JSON.stringify(mates.slice(0, RELATED.kMax).map((k, rank) => [idOf(k), 0.6 - rank * 0.03])));
      // Candidate lists (raw scores) as the incremental path keeps them, listSize entries each.
      mates.forEach((k, rank) => insCand.run(idOf(i), idOf(k), 0.6 - rank * 0.01, reasons));
    }
  })();
}

export async function run(args: string[]): Promise<BenchResult> {
  const opt = (name: string, fallback: string) => {
    const at = args.indexOf(`--${name}`);
    return at >= 0 && args[at + 1] ? args[at + 1]! : fallback;
  };
  const sizes = opt('sizes', '10000,100000').split(',').map(Number).sort((a, b) => a - b);
  const measure = Number(opt('measure', '200'));
  const rounds = Number(opt('rounds', '5'));
  const warm = Number(opt('warm', '1000'));
  const dataPath = opt('data', fileURLToPath(new URL('../../shared/data/stories-dev.jsonl', import.meta.url)));
  if (!existsSync(dataPath)) throw new Error(`no data at ${dataPath} (pass --data FILE.jsonl)`);
  const docs = readFileSync(dataPath, 'utf8').split('\n').filter((l) => l.trim()).map((l) => JSON.parse(l) as Doc);
  const dir = mkdtempSync(join(tmpdir(), 'storyline-bench-related-'));
  let store = await SqliteStore.open(join(dir, 'bench.db'));
  const lines: string[] = [
    `archive: ${docs.length} dev articles replayed (copy c: new URL, date + 7c days, 1 word in 8 replaced), built in bulk;`,
    `rails pre-filled from gold stories, profiles computed with final idf; measured: new copies through store + terms stage + related stage, one transaction each,`,
    `${rounds} rounds of ${measure} right after the archive is opened (cold, opened afresh each round), then ${rounds * measure} more after ${warm} further arrivals (warm)`,
  ];
  const json: Record<string, unknown> = { data: dataPath, measured: measure * rounds, rounds, warmArrivals: warm, sizes: {} };
  let built = 0;
  let measureCopy = 10_000;
  try {
    for (const size of sizes) {
      const t0 = performance.now();
      build(store, docs, built, size);
      fillRails(store, docs, size);
      fillProfiles(store);
      built = size;
      const buildSeconds = (performance.now() - t0) / 1000;
      // Rails each arrival rewrote (its own and older ones whose lists it entered near the top): the work
      // the time covers. The replayed copies make every article near some 200 others, so this is far more
      // than in a real stream (stories-dev.jsonl ingested in order: 9 per article), and the count says how
      // adversarial the bench is.
      let writes = 0;
      let ftsQuery!: { all(match: string, limit: number): unknown[] };
      /** Opens the archive afresh (the build wrote behind the working set; a cold round starts empty). */
      const reopen = async () => {
        await store.close();
        store = await SqliteStore.open(join(dir, 'bench.db'));
        ftsQuery = store.db.prepare('SELECT rowid, bm25(articles_fts) AS score FROM articles_fts WHERE articles_fts MATCH ? ORDER BY bm25(articles_fts) LIMIT ?');
        const putRail = store.related.putRail.bind(store.related);
        store.related.putRail = async (id, entries) => {
          writes++;
          return putRail(id, entries);
        };
      };
      /** One new copy through store, terms and related stages; with `baseline`, the bare FTS5 query too. */
      const arrive = async (m: number, baseline: boolean) => {
        const doc = docs[(m * 37) % docs.length]!;
        const article = copyOf(doc, measureCopy++);
        const fp = fingerprint(article.body);
        let ms = 0;
        writes = 0;
        const started = performance.now();
        await store.transaction(async (tx) => {
          await tx.articles.put(article, fp.signature, fp.bands);
          await termsStage.apply(tx, { article });
          const t = performance.now();
          await relatedStage.apply(tx, { article });
          ms = performance.now() - t;
        });
        const totalMs = performance.now() - started;
        if (!baseline) return { ms, totalMs, ftsMs: 0, writes };
        // Baseline: a bare FTS5 OR query of the article's heaviest words (a plain full-text "more like this").
        const surfaces = surfaceForms(article);
        const profile = (await store.related.profiles([article.id])).get(article.id)!;
        const words = heaviestTerms(profile.terms, RELATED.queryTerms).map((t) => ftsPhrase([surfaces.get(t.term) ?? t.term]));
        const f = performance.now();
        ftsQuery.all(words.join(' OR '), RELATED.textCandidates);
        return { ms, totalMs, ftsMs: performance.now() - f, writes };
      };
      // Cold: the archive has just been opened. In each round the first 50 computations warm statements
      // (and in the first, the JIT) and are not counted; the working set is still nearly empty when the
      // measured ones run.
      const compute: number[] = [];
      const arrivals: number[] = [];
      const fts: number[] = [];
      const railWrites: number[] = [];
      let m = 0;
      for (let round = 0; round < rounds; round++) {
        await reopen();
        for (const end = m + measure + 50, start = m; m < end; m++) {
          const r = await arrive(m, true);
          if (m < start + 50) continue;
          compute.push(r.ms);
          arrivals.push(r.totalMs);
          fts.push(r.ftsMs);
          railWrites.push(r.writes);
        }
      }
      // Warm: after `warm` more arrivals, as in a process that has been ingesting for a while, whose
      // working set holds the lists and rails the stream keeps touching.
      for (const end = m + warm; m < end; m++) await arrive(m, false);
      const warmCompute: number[] = [];
      const warmArrivals: number[] = [];
      for (const end = m + measure * rounds; m < end; m++) {
        const r = await arrive(m, false);
        warmCompute.push(r.ms);
        warmArrivals.push(r.totalMs);
      }
      const allIds = store.db.prepare('SELECT id FROM articles ORDER BY random() LIMIT 2000').all() as { id: string }[];
      const reads: number[] = [];
      for (const { id } of allIds) {
        const t = performance.now();
        await store.related.rail(id, 10);
        reads.push(performance.now() - t);
      }
      const c = stats(compute);
      const cw = stats(warmCompute);
      const f = stats(fts);
      const r = stats(reads);
      const w = stats(railWrites);
      const a = stats(arrivals);
      const aw = stats(warmArrivals);
      (json.sizes as Record<string, unknown>)[size] = { buildSeconds: Math.round(buildSeconds), railComputeMs: c, railComputeWarmMs: cw, arrivalMs: a, arrivalWarmMs: aw, ftsBaselineMs: f, railReadMs: r, railsRewritten: w, computeVsFts: Math.round((c.p50 / f.p50) * 10) / 10 };
      lines.push(
        `${size} articles (built in ${buildSeconds.toFixed(0)} s): rail computation p50 ${c.p50} ms p95 ${c.p95} ms p99 ${c.p99} ms (bare FTS5 query p50 ${f.p50} ms p99 ${f.p99} ms, x${(c.p50 / f.p50).toFixed(1)}); after ${warm} more arrivals p50 ${cw.p50} ms p95 ${cw.p95} ms p99 ${cw.p99} ms; rail read p50 ${r.p50} ms p99 ${r.p99} ms; rails rewritten per arrival mean ${w.mean}`,
        `  whole arrival (article, terms, related stage and its commit): p50 ${a.p50} ms p95 ${a.p95} ms p99 ${a.p99} ms mean ${a.mean} ms; after ${warm} more p50 ${aw.p50} ms p95 ${aw.p95} ms p99 ${aw.p99} ms mean ${aw.mean} ms`,
      );
    }
    const s = json.sizes as Record<string, { railComputeMs: { p50: number; p99: number }; railReadMs: { p99: number } }>;
    if (sizes.length > 1) {
      const [a, b] = [s[sizes[0]!]!, s[sizes[sizes.length - 1]!]!];
      const growth = { railComputeP50: Math.round((b.railComputeMs.p50 / a.railComputeMs.p50) * 100) / 100, railReadP99: Math.round((b.railReadMs.p99 / a.railReadMs.p99) * 100) / 100 };
      json.growth = growth;
      lines.push(`growth ${sizes[0]} -> ${sizes[sizes.length - 1]}: rail computation p50 x${growth.railComputeP50}, rail read p99 x${growth.railReadP99}`);
    }
    lines.push('targets at 100k: rail computation p99 < 20 ms, rail read p99 < 1 ms');
  } finally {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
  return { json, lines };
}
