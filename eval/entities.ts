/**
 * Entity extraction quality against hand labels: precision, recall and F1 per type (person,
 * organisation, place), an entity counting as found when the predicted canonical name has the same key
 * (entityKey: case, diacritics and punctuation folded) and the same type as a labelled one.
 *
 *   npm run eval:entities -- ../shared/data/stories-dev.jsonl [--json] [--labels FILE] [--verbose] [--archive]
 *
 * With --archive, FILE goes through the whole ingest pipeline into a fresh database first, and what is
 * scored is each labelled article's stored mentions: extraction, then resolution against the archive
 * (aliases merged across articles, the archive's names), as the pages show them.
 *
 * The labels (eval/entities/labels.jsonl) hold only article ids and entity names; the article text is
 * read from FILE at run time. The speed of extraction on all of FILE's articles is printed too.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { entityKey, extractEntities } from '../src/analyse/entities.ts';
import type { Mention } from '../src/model.ts';
import { requireAllStored, storedBySourceId, withIngestedArchive } from './archive.ts';
import { benchEntities, readJsonlArticles } from '../bench/entities.ts';

type Kind = 'person' | 'organisation' | 'place';
const KINDS: Kind[] = ['person', 'organisation', 'place'];
interface Label { id: string; entities: { name: string; type: Kind }[] }

const args = process.argv.slice(2);
const json = args.includes('--json');
const verbose = args.includes('--verbose');
const archive = args.includes('--archive');
const labelsAt = args.indexOf('--labels');
const labelsFile = labelsAt >= 0 ? args[labelsAt + 1]! : fileURLToPath(new URL('./entities/labels.jsonl', import.meta.url));
const file = args.find((a, i) => !a.startsWith('--') && args[i - 1] !== '--labels');
if (!file) {
  console.error('usage: npm run eval:entities -- FILE.jsonl [--json] [--labels FILE] [--verbose]');
  process.exit(2);
}

const articles = readJsonlArticles(file);

/** Each labelled article's stored mentions after the whole file went through the pipeline (by JSONL id). */
function archiveMentions(ids: readonly string[]): Promise<Map<string, Mention[]>> {
  return withIngestedArchive(file!, readFileSync(file!), async (store, results) => {
    requireAllStored(results);
    const articles = await storedBySourceId(store);
    const out = new Map<string, Mention[]>();
    for (const id of ids) {
      const a = articles.get(id);
      // A duplicate has no mentions of its own: its original's are what its page shows.
      if (a) out.set(id, await store.entities.forArticle(a.duplicateOf ?? a.id));
    }
    return out;
  });
}

const labels = readFileSync(labelsFile, 'utf8').split('\n').filter((l) => l.trim()).map((l) => JSON.parse(l) as Label);
const counts = Object.fromEntries(KINDS.map((k) => [k, { tp: 0, fp: 0, fn: 0 }])) as Record<Kind, { tp: number; fp: number; fn: number }>;
let scored = 0;
const stored = archive ? await archiveMentions(labels.map((l) => l.id)) : undefined;
for (const label of labels) {
  const article = articles.get(label.id);
  if (!article) {
    console.error(`label for unknown article ${label.id}: skipped`);
    continue;
  }
  scored++;
  const predicted = (stored ? (stored.get(label.id) ?? []) : extractEntities(article)).filter((m) => m.type !== 'contributor');
  for (const kind of KINDS) {
    const gold = new Set(label.entities.filter((e) => e.type === kind).map((e) => entityKey(e.name)));
    const got = new Set(predicted.filter((m) => m.type === kind).map((m) => entityKey(m.name)));
    for (const g of gold) {
      if (got.has(g)) counts[kind].tp++;
      else {
        counts[kind].fn++;
        if (verbose) console.log(`${label.id}\tmissed\t${kind}\t${g}`);
      }
    }
    for (const g of got) {
      if (!gold.has(g)) {
        counts[kind].fp++;
        if (verbose) console.log(`${label.id}\tspurious\t${kind}\t${g}`);
      }
    }
  }
}

const round = (x: number) => Math.round(x * 1000) / 1000;
const scores = Object.fromEntries(KINDS.map((k) => {
  const { tp, fp, fn } = counts[k];
  const p = tp + fp === 0 ? 0 : tp / (tp + fp);
  const r = tp + fn === 0 ? 0 : tp / (tp + fn);
  const f1 = p + r === 0 ? 0 : (2 * p * r) / (p + r);
  return [k, { p: round(p), r: round(r), f1: round(f1) }];
})) as Record<Kind, { p: number; r: number; f1: number }>;

if (json) {
  console.log(JSON.stringify({ ...scores, articles: scored, scored: archive ? 'stored' : 'extracted' }));
} else {
  const speed = benchEntities([...articles.values()]);
  console.log(`entities: ${scored} labelled articles from ${file}${archive ? ', as stored after ingesting the whole file' : ''}`);
  console.log('type           P      R      F1     (tp/fp/fn)');
  for (const k of KINDS) {
    const s = scores[k];
    const c = counts[k];
    console.log(`${k.padEnd(13)}  ${s.p.toFixed(3)}  ${s.r.toFixed(3)}  ${s.f1.toFixed(3)}  (${c.tp}/${c.fp}/${c.fn})`);
  }
  console.log(`speed: p50 ${speed.p50MsPer1000Words.toFixed(2)} ms, p95 ${speed.p95MsPer1000Words.toFixed(2)} ms per 1,000 words over ${speed.articles} articles (median ${speed.medianWords} words)`);
}
