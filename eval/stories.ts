/**
 * `npm run eval:stories -- FILE.jsonl [--corpus NAME] [--json] [--shuffles N] [--errors]`
 *
 * Ingests a labelled JSONL file (fields id, title, body, published, source, story, corpus) into a fresh
 * temporary database through the real pipeline, in publication order as a stream would bring it
 * (undated articles keep their places in file order), and scores the stories against the gold `story`
 * ids with B-cubed precision, recall and F1. Each corpus is ingested into its own database and scored
 * separately. Baselines from the same run: every article its own story, and single-linkage clustering
 * over tf-idf cosine computed directly from the JSONL. --shuffles N ingests N random orders as well and
 * reports the spread of F1 (order independence). --errors also scores the gold stories cut at long time
 * gaps (see goldCutAtGaps), and lists what the figures lose: gold stories split over several predicted
 * stories, and predicted stories mixing gold stories, each with dates and titles.
 */
import { readFileSync } from 'node:fs';
import { termCounts, sublinearTf } from '../src/analyse/text.ts';
import { idf, unit, dot } from '../src/stories/similarity.ts';
import { requireAllStored, storedBySourceId, withIngestedArchive } from './archive.ts';
import { seededRandom } from '../src/util/random.ts';

export interface GoldRow {
  id: string;
  title: string;
  body: string;
  published: string | null;
  source: string | null;
  story: string;
  corpus: string;
  url?: string | null;
}

export interface Scores {
  precision: number;
  recall: number;
  f1: number;
  stories: number;
  gold_stories: number;
}

/** B-cubed precision and recall (Bagga & Baldwin 1998): per-item overlap of predicted and gold cluster. */
export function bcubed(predicted: ReadonlyMap<string, string>, gold: ReadonlyMap<string, string>): Scores {
  const size = (m: ReadonlyMap<string, string>) => {
    const out = new Map<string, number>();
    for (const c of m.values()) out.set(c, (out.get(c) ?? 0) + 1);
    return out;
  };
  const both = new Map<string, number>();
  for (const [item, g] of gold) {
    const key = `${predicted.get(item)}\u0000${g}`;
    both.set(key, (both.get(key) ?? 0) + 1);
  }
  const pSize = size(predicted);
  const gSize = size(gold);
  let p = 0;
  let r = 0;
  for (const [item, g] of gold) {
    const c = predicted.get(item)!;
    const common = both.get(`${c}\u0000${g}`)!;
    p += common / pSize.get(c)!;
    r += common / gSize.get(g)!;
  }
  const n = gold.size || 1;
  const precision = p / n;
  const recall = r / n;
  return {
    precision,
    recall,
    f1: precision + recall ? (2 * precision * recall) / (precision + recall) : 0,
    stories: pSize.size,
    gold_stories: gSize.size,
  };
}

/** Publication order, as a stream would bring the file; undated rows keep their positions (file order). */
export function streamOrder<T extends { published: string | null }>(rows: readonly T[]): T[] {
  const dated = rows.filter((r) => r.published).sort((a, b) => Date.parse(a.published!) - Date.parse(b.published!));
  let next = 0;
  return rows.map((r) => (r.published ? dated[next++]! : r));
}


export function shuffled<T>(rows: readonly T[], seed: number): T[] {
  const out = [...rows];
  const rnd = seededRandom(seed);
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(rnd() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

/** Ingests the rows in the given order into a fresh database; returns gold id -> predicted story. */
export async function clusterWithPipeline(rows: readonly GoldRow[]): Promise<Map<string, string>> {
  const bytes = new TextEncoder().encode(rows.map((r) => JSON.stringify(r)).join('\n'));
  return withIngestedArchive('eval.jsonl', bytes, async (store, results) => {
    requireAllStored(results);
    // Map stored articles back to gold rows through sourceId (the JSONL id). An article the pipeline
    // marked as a duplicate has no story of its own: it belongs to its original's story.
    const articles = await storedBySourceId(store);
    const storyOf = await store.stories.storyIdsOf([...articles.values()].map((a) => a.duplicateOf ?? a.id));
    const predicted = new Map<string, string>();
    for (const [sourceId, a] of articles) predicted.set(sourceId, storyOf.get(a.duplicateOf ?? a.id) ?? `unassigned:${a.id}`);
    for (const r of rows) if (!predicted.has(r.id)) predicted.set(r.id, `missing:${r.id}`);
    return predicted;
  });
}

/** Baseline: single-linkage clustering, linking every pair whose tf-idf cosine reaches the threshold. */
export function singleLinkTfidf(rows: readonly GoldRow[], threshold: number): Map<string, string> {
  const counts = rows.map((r) => termCounts({ headline: r.title, body: r.body.split('\n') }));
  const df = new Map<string, number>();
  for (const c of counts) for (const t of c.keys()) df.set(t, (df.get(t) ?? 0) + 1);
  const vectors = counts.map((c) => unit(new Map([...c].map(([t, n]) => [t, sublinearTf(n) * idf(df.get(t)!, rows.length)]))));
  const parent = rows.map((_, i) => i);
  const find = (i: number): number => (parent[i] === i ? i : (parent[i] = find(parent[i]!)));
  for (let i = 0; i < rows.length; i++) {
    for (let j = i + 1; j < rows.length; j++) {
      if (dot(vectors[i]!, vectors[j]!) >= threshold) parent[find(i)] = find(j);
    }
  }
  return new Map(rows.map((r, i) => [r.id, `c${find(i)}`]));
}

/** One predicted story seen from a gold story (or the reverse): its size there and its members. */
export interface ErrorPart {
  story: string;
  rows: GoldRow[];
}

/** Where a clustering went wrong: gold stories split over predicted ones, predicted ones mixing gold ones. */
export interface StoryErrors {
  /**
   * Gold stories whose articles landed in more than one predicted story (largest part first), with the
   * B-cubed recall each costs (what the corpus's recall would gain were it one story), costliest first.
   */
  split: { gold: string; parts: ErrorPart[]; recallLost: number }[];
  /** Predicted stories holding articles of more than one gold story, with the B-cubed precision each costs. */
  merged: { story: string; parts: ErrorPart[]; precisionLost: number }[];
}

/** B-cubed loss of a group of n items made of parts: n - sum(part^2) / n, as a share of the corpus. */
function lost(group: readonly GoldRow[], parts: readonly ErrorPart[], corpus: number): number {
  return (group.length - parts.reduce((sum, p) => sum + p.rows.length ** 2, 0) / group.length) / corpus;
}

/** Rows grouped by a key, in first-seen order. */
function groupRows(rows: readonly GoldRow[], key: (r: GoldRow) => string): Map<string, GoldRow[]> {
  const out = new Map<string, GoldRow[]>();
  for (const r of rows) {
    const k = key(r);
    const group = out.get(k);
    if (group) group.push(r);
    else out.set(k, [r]);
  }
  return out;
}

/** A group's rows split by another key: largest part first. */
function partsOf(rows: readonly GoldRow[], key: (r: GoldRow) => string): ErrorPart[] {
  return [...groupRows(rows, key)].map(([story, members]) => ({ story, rows: members })).sort((a, b) => b.rows.length - a.rows.length || a.story.localeCompare(b.story));
}

/** The recall losses (splits) and precision losses (merges) behind the B-cubed figures, for reading. */
export function storyErrors(rows: readonly GoldRow[], predicted: ReadonlyMap<string, string>): StoryErrors {
  const storyOf = (r: GoldRow) => predicted.get(r.id)!;
  const split = [...groupRows(rows, (r) => r.story)]
    .map(([gold, members]) => ({ gold, members, parts: partsOf(members, storyOf) }))
    .filter((g) => g.parts.length > 1)
    .map(({ gold, members, parts }) => ({ gold, parts, recallLost: lost(members, parts, rows.length) }))
    .sort((a, b) => b.recallLost - a.recallLost || a.gold.localeCompare(b.gold));
  const merged = [...groupRows(rows, storyOf)]
    .map(([story, members]) => ({ story, members, parts: partsOf(members, (r) => r.story) }))
    .filter((m) => m.parts.length > 1)
    .map(({ story, members, parts }) => ({ story, parts, precisionLost: lost(members, parts, rows.length) }))
    .sort((a, b) => b.precisionLost - a.precisionLost || a.story.localeCompare(b.story));
  return { split, merged };
}

/**
 * The gold stories cut wherever two consecutive dated articles of one story are more than `days` apart
 * (undated articles stay with the first piece): gold id -> piece. Scored against the gold, it tells how
 * much of the gold's F1 rests on joining articles of a story that are that far apart in time with no
 * article of the story between them.
 */
export function goldCutAtGaps(rows: readonly GoldRow[], days: number): Map<string, string> {
  const out = new Map<string, string>();
  for (const [story, members] of groupRows(rows, (r) => r.story)) {
    const dated = members.filter((r) => r.published).sort((a, b) => Date.parse(a.published!) - Date.parse(b.published!));
    let piece = 0;
    dated.forEach((r, i) => {
      if (i > 0 && Date.parse(r.published!) - Date.parse(dated[i - 1]!.published!) > days * 86_400_000) piece += 1;
      out.set(r.id, `${story}#${piece}`);
    });
    for (const r of members) if (!r.published) out.set(r.id, `${story}#0`);
  }
  return out;
}

/** The gaps (days) at which --errors reports the cut gold stories' scores. */
export const GAP_DAYS = [30, 90, 180];

/** The baseline's threshold: fixed in advance, not tuned per corpus. */
export const SINGLE_LINK_THRESHOLD = 0.35;

export interface CorpusReport {
  storyline: Scores;
  errors?: StoryErrors;
  /** With errors: the gold stories cut at gaps of GAP_DAYS, scored against the gold (see goldCutAtGaps). */
  goldCutAtGaps?: { days: number; f1: number; recall: number }[];
  baselines: { singletons: Scores; 'tfidf-single-link': Scores };
  articles: number;
  shuffles?: { runs: number; f1: number[]; mean: number; min: number; max: number; spread: number };
}

export async function evaluateCorpus(rows: readonly GoldRow[], shuffles: number, errors = false): Promise<CorpusReport> {
  const gold = new Map(rows.map((r) => [r.id, r.story]));
  const predicted = await clusterWithPipeline(streamOrder(rows));
  const report: CorpusReport = {
    storyline: bcubed(predicted, gold),
    ...(errors
      ? {
          errors: storyErrors(rows, predicted),
          goldCutAtGaps: GAP_DAYS.map((days) => {
            const { f1, recall } = bcubed(goldCutAtGaps(rows, days), gold);
            return { days, f1, recall };
          }),
        }
      : {}),
    baselines: {
      singletons: bcubed(new Map(rows.map((r) => [r.id, r.id])), gold),
      'tfidf-single-link': bcubed(singleLinkTfidf(rows, SINGLE_LINK_THRESHOLD), gold),
    },
    articles: rows.length,
  };
  if (shuffles > 0) {
    const f1: number[] = [];
    for (let seed = 1; seed <= shuffles; seed++) f1.push(bcubed(await clusterWithPipeline(shuffled(rows, seed)), gold).f1);
    const min = Math.min(...f1);
    const max = Math.max(...f1);
    report.shuffles = { runs: shuffles, f1, mean: f1.reduce((a, b) => a + b, 0) / f1.length, min, max, spread: max - min };
  }
  return report;
}

export function readGold(path: string): GoldRow[] {
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as GoldRow);
}

const f = (x: number) => x.toFixed(3);

function printReport(name: string, r: CorpusReport): void {
  const line = (label: string, s: Scores) =>
    `  ${label.padEnd(18)} P ${f(s.precision)}  R ${f(s.recall)}  F1 ${f(s.f1)}  stories ${s.stories} (gold ${s.gold_stories})`;
  process.stdout.write(`${name}: ${r.articles} articles\n`);
  process.stdout.write(`${line('storyline', r.storyline)}\n`);
  process.stdout.write(`${line('singletons', r.baselines.singletons)}\n`);
  process.stdout.write(`${line(`tfidf-single-link`, r.baselines['tfidf-single-link'])}  (cosine >= ${SINGLE_LINK_THRESHOLD})\n`);
  if (r.shuffles) {
    const s = r.shuffles;
    process.stdout.write(`  shuffled x${s.runs}: F1 mean ${f(s.mean)} min ${f(s.min)} max ${f(s.max)} (spread ${f(s.spread)})\n`);
  }
  if (r.goldCutAtGaps) {
    const cuts = r.goldCutAtGaps;
    process.stdout.write(`  gold stories cut at gaps over ${cuts.map((c) => c.days).join(' / ')} days: F1 ${cuts.map((c) => f(c.f1)).join(' / ')} (the gold without such joins)\n`);
  }
  if (r.errors) printErrors(r.errors);
}

function printErrors(errors: StoryErrors): void {
  const row = (r: GoldRow) => `      ${(r.published ?? 'undated').slice(0, 10).padEnd(10)}  ${(r.source ?? '').slice(0, 24).padEnd(24)}  ${r.title.replace(/\s+/g, ' ').slice(0, 80)}`;
  process.stdout.write(`  gold stories split over predicted stories (recall lost): ${errors.split.length}\n`);
  for (const g of errors.split) {
    process.stdout.write(`    ${g.gold} (${g.parts.reduce((n, p) => n + p.rows.length, 0)} articles) in ${g.parts.length} stories, recall -${f(g.recallLost)}:\n`);
    for (const p of g.parts) {
      process.stdout.write(`     story ${p.story.slice(0, 12)}: ${p.rows.length}\n`);
      for (const r of p.rows.slice(0, 3)) process.stdout.write(`${row(r)}\n`);
      if (p.rows.length > 3) process.stdout.write(`      ... ${p.rows.length - 3} more\n`);
    }
  }
  process.stdout.write(`  predicted stories mixing gold stories (precision lost): ${errors.merged.length}\n`);
  for (const m of errors.merged) {
    process.stdout.write(`    story ${m.story.slice(0, 12)}: ${m.parts.map((p) => `${p.story} ${p.rows.length}`).join(', ')}, precision -${f(m.precisionLost)}\n`);
    for (const p of m.parts) process.stdout.write(`${row(p.rows[0]!)}  [${p.story}]\n`);
  }
}

async function main(argv: string[]): Promise<void> {
  const args = [...argv];
  const take = (flag: string): string | undefined => {
    const i = args.indexOf(flag);
    if (i < 0) return undefined;
    const [, value] = args.splice(i, 2);
    return value;
  };
  const flag = (name: string) => {
    const at = args.indexOf(name);
    if (at >= 0) args.splice(at, 1);
    return at >= 0;
  };
  const json = flag('--json');
  const errors = flag('--errors');
  const corpus = take('--corpus');
  const shuffles = Number(take('--shuffles') ?? 0);
  const [file] = args;
  if (!file || !Number.isInteger(shuffles) || shuffles < 0) {
    process.stderr.write('usage: npm run eval:stories -- FILE.jsonl [--corpus NAME] [--json] [--shuffles N] [--errors]\n');
    process.exitCode = 2;
    return;
  }
  const rows = readGold(file);
  if (corpus) {
    const selected = rows.filter((r) => r.corpus === corpus);
    if (!selected.length) throw new Error(`no rows of corpus ${corpus} in ${file}`);
    const report = await evaluateCorpus(selected, shuffles, errors);
    if (json) process.stdout.write(`${JSON.stringify(report)}\n`);
    else printReport(corpus, report);
    return;
  }
  const corpora: Record<string, CorpusReport> = {};
  for (const [name, selected] of groupRows(rows, (r) => r.corpus)) corpora[name] = await evaluateCorpus(selected, shuffles, errors);
  if (json) process.stdout.write(`${JSON.stringify({ corpora, articles: rows.length })}\n`);
  else for (const [name, r] of Object.entries(corpora)) printReport(name, r);
}

if (import.meta.url === `file://${process.argv[1]}`) await main(process.argv.slice(2));
