/**
 * The ingest pipeline: draft -> normalise -> dedupe -> store, then the analysis stages (entities,
 * related rails, stories) — all of one article inside one transaction, so an article is stored whole
 * or not at all, with its rail and story, whatever happens to the process.
 */
import type { Article, ArticleDraftInput, IngestStatus } from '../model.ts';
import type { Store } from '../store/store.ts';
import { InputError } from '../errors.ts';
import { normaliseDraft } from './normalise.ts';
import { estimatedJaccard, fingerprint, MINHASH, type Fingerprint } from './dedupe.ts';
import type { Input, ReadOutcome } from './readers/reader.ts';
import { readInput } from './readers/index.ts';

/** What a stage gets besides the transaction: the article, and the version it replaces, if any. */
export interface StageContext {
  article: Article;
  previous?: Article;
}

/** One analysis step run in the article's transaction after it is stored (never for duplicates). */
export interface PipelineStage {
  name: string;
  apply(tx: Store, context: StageContext): Promise<void>;
}

export type IngestResult =
  | { ok: true; input: string; label: string; id: string; status: IngestStatus; duplicateOf?: string }
  | { ok: false; input: string; label: string; error: string };

export interface IngestSummary {
  read: number;
  new: number;
  updated: number;
  unchanged: number;
  duplicates: number;
  failed: number;
}

export function emptySummary(): IngestSummary {
  return { read: 0, new: 0, updated: 0, unchanged: 0, duplicates: 0, failed: 0 };
}

export function addToSummary(summary: IngestSummary, result: IngestResult): void {
  summary.read++;
  if (!result.ok) summary.failed++;
  else if (result.status === 'duplicate') summary.duplicates++;
  else summary[result.status]++;
}

export class Pipeline {
  constructor(
    readonly store: Store,
    readonly stages: readonly PipelineStage[] = [],
    private readonly clock: () => Date = () => new Date(),
    private readonly batchSize = store.groupCommit,
  ) {}

  /** Reads one input with the reader its content needs and ingests every item in it. */
  async ingestInput(input: Input): Promise<IngestResult[]> {
    return this.ingestOutcomes(input.name, readInput(input));
  }

  /**
   * Ingests what a reader found in one input (read here or on a worker thread). Items are committed in
   * groups of up to `batchSize`, each item in its own nested transaction: a bad item undoes only itself,
   * a crash loses at most the uncommitted group (never half an article), and the commit cost is shared.
   */
  async ingestOutcomes(
    inputName: string,
    outcomes: Iterable<ReadOutcome>,
    /** Called for each item once its group is committed (so a reported article is really stored). */
    onResult?: (result: IngestResult) => void,
  ): Promise<IngestResult[]> {
    const results: IngestResult[] = [];
    let group: ReadOutcome[] = [];
    const flush = async () => {
      const pending = group;
      group = [];
      // Each item prepared, and an unchanged one answered, before the group's transaction: a group of
      // unchanged items (a feed or a file read again) takes no write lock at all.
      const groupResults: IngestResult[] = [];
      const toCommit: [number, Prepared][] = [];
      for (const [i, outcome] of pending.entries()) {
        const item = outcome.ok ? this.prepare(outcome.draft, inputName, outcome.label, outcome.pathDate) : { ok: false as const, input: inputName, label: outcome.label, error: outcome.error };
        if (!('normalised' in item)) groupResults[i] = item;
        else {
          const unchanged = await this.unchanged(item, this.store);
          if (unchanged) groupResults[i] = unchanged;
          else toCommit.push([i, item]);
        }
      }
      if (toCommit.length) {
        try {
          await this.store.transaction(async (tx) => {
            for (const [i, item] of toCommit) groupResults[i] = await this.commit(item, tx);
          });
        } catch (err) {
          // The group's commit itself failed (a full disk): none of its articles was stored.
          const error = `could not store: ${(err as Error).message}`;
          for (const [i, { label }] of toCommit) groupResults[i] = { ok: false, input: inputName, label, error };
        }
      }
      results.push(...groupResults);
      if (onResult) for (const r of groupResults) onResult(r);
    };
    for (const outcome of outcomes) {
      group.push(outcome);
      if (group.length >= this.batchSize) await flush();
    }
    if (group.length) await flush();
    return results;
  }

  /**
   * Ingests one draft. Never throws for bad input: the result says what went wrong. Inside a caller's
   * transaction, pass it as `store` so the article's writes nest in it. `pathDate` dates an article that
   * carries no date (see ReadOutcome).
   */
  async ingestDraft(draft: ArticleDraftInput, input: string, label = input, store: Store = this.store, pathDate?: string): Promise<IngestResult> {
    const prepared = this.prepare(draft, input, label, pathDate);
    if (!('normalised' in prepared)) return prepared;
    return (await this.unchanged(prepared, store)) ?? this.commit(prepared, store);
  }

  /** The article as it would be stored, and its fingerprint; or why the draft cannot be. */
  private prepare(draft: ArticleDraftInput, input: string, label: string, pathDate?: string): Prepared | IngestResult {
    try {
      const normalised = normaliseDraft(draft, this.clock(), pathDate);
      return { input, label, normalised, fp: fingerprint(normalised.body) };
    } catch (err) {
      if (err instanceof InputError) return { ok: false, input, label, error: err.message };
      throw err;
    }
  }

  /**
   * The result for an article stored with this very text under this id: unchanged. Said without a
   * transaction or a lock, as nothing is written: reading a feed or a file again neither waits behind
   * another process's writes nor (PostgreSQL) makes the other processes drop their working sets.
   */
  private async unchanged({ input, label, normalised }: Prepared, store: Store): Promise<IngestResult | undefined> {
    try {
      const stored = await store.articles.get(normalised.id);
      if (stored?.contentHash === normalised.contentHash) return { ok: true, input, label, id: stored.id, status: 'unchanged' };
    } catch {
      // Left to commit(), which reports a failing store per item.
    }
    return undefined;
  }

  /** Classifies, stores and analyses one prepared article in its own (nested) transaction. */
  private async commit({ input, label, normalised, fp }: Prepared, store: Store): Promise<IngestResult> {
    try {
      return await store.transaction(async (tx) => {
        // Two processes storing the same article, the same text, or near-duplicates of each other (which
        // share an LSH band) at the same moment must see each other: they take the same locks first. The
        // analysis lock comes before any key lock, in every transaction that writes (see deleteArticle):
        // a group commit holds its articles' key locks until it ends, so a writer waiting for the analysis
        // lock while holding a key lock could deadlock with a group that holds the analysis lock and
        // wants that key (PostgreSQL, `ingest --shard`). Taken again by later articles of a group, it is
        // already held.
        await tx.lockAnalysis();
        await tx.lockKeys([`id:${normalised.id}`, `hash:${normalised.contentHash}`, ...fp.bands.map((b) => `band:${b}`)]);
        const { status, article, previous } = await classify(tx, normalised, fp);
        if (status === 'unchanged') return { ok: true, input, label, id: article.id, status };
        await tx.articles.put(article, fp.signature, fp.bands);
        if (!article.duplicateOf) for (const stage of this.stages) await stage.apply(tx, { article, previous });
        return { ok: true, input, label, id: article.id, status, duplicateOf: article.duplicateOf };
      });
    } catch (err) {
      // A failure while storing one article (a constraint, a full disk) fails that item only.
      return { ok: false, input, label, error: `could not store: ${(err as Error).message}` };
    }
  }
}

/** A draft normalised and fingerprinted, ready to be classified and stored. */
interface Prepared {
  input: string;
  label: string;
  normalised: Omit<Article, 'duplicateOf'>;
  fp: Fingerprint;
}

/**
 * Decides whether the article is new, an update of a stored one (`previous`: the version it replaces, as
 * the stages get it), unchanged, or a duplicate.
 */
async function classify(
  tx: Store,
  article: Omit<Article, 'duplicateOf'>,
  fp: Fingerprint,
): Promise<{ status: IngestStatus; article: Article; previous?: Article }> {
  const existing = await tx.articles.get(article.id);
  if (existing) {
    const olderVersion = existing.updatedAt && article.updatedAt && article.updatedAt < existing.updatedAt;
    if (existing.contentHash === article.contentHash || olderVersion) return { status: 'unchanged', article: existing };
    // A new version keeps its place in the archive's history but not its duplicate verdict.
    return { status: 'updated', article: { ...article, ingestedAt: existing.ingestedAt }, previous: existing };
  }
  const sameText = await tx.articles.idByContentHash(article.contentHash);
  if (sameText) return { status: 'duplicate', article: { ...article, duplicateOf: sameText } };
  let best: { id: string; similarity: number } | undefined;
  for (const candidate of await tx.articles.nearDuplicateCandidates(fp.bands)) {
    const similarity = estimatedJaccard(fp.signature, candidate.signature);
    if (similarity >= MINHASH.threshold && (!best || similarity > best.similarity)) best = { id: candidate.id, similarity };
  }
  if (best) return { status: 'duplicate', article: { ...article, duplicateOf: best.id } };
  return { status: 'new', article };
}
