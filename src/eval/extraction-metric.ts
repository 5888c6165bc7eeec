/**
 * The article-extraction benchmark's metric (scrapinghub/article-extraction-benchmark, as its README
 * describes it): texts become word tokens (runs of letters, digits and `_`, case kept), tokens become
 * 4-token shingles counted as multisets (analyse/shingles.ts), and each page contributes tp / fp / fn
 * normalised to sum to 1. Precision is averaged over the pages where the extractor returned text, recall
 * over all pages, and F1 is the harmonic mean of the two averages.
 */
import { shingles, tokens } from '../analyse/shingles.ts';

export interface PageCounts {
  /** Normalised true positives, false positives, false negatives (sum 1, or all 0 when both are empty). */
  tp: number;
  fp: number;
  fn: number;
}

/** Per-page tp/fp/fn over shingle multisets, each divided by their sum so every page weighs the same. */
export function pageCounts(predicted: string, expected: string): PageCounts {
  const pred = shingles(predicted);
  const truth = shingles(expected);
  let tp = 0;
  let fp = 0;
  let fn = 0;
  for (const [key, count] of pred) {
    const t = truth.get(key) ?? 0;
    tp += Math.min(count, t);
    fp += Math.max(0, count - t);
  }
  for (const [key, count] of truth) fn += Math.max(0, count - (pred.get(key) ?? 0));
  const sum = tp + fp + fn;
  if (sum === 0) return { tp: 0, fp: 0, fn: 0 };
  return { tp: tp / sum, fp: fp / sum, fn: fn / sum };
}

export interface PageScore extends PageCounts {
  id: string;
  precision: number | undefined;
  recall: number;
  f1: number;
  /** Whether the extractor returned any text for the page. */
  returned: boolean;
  /** Whether the ground truth has any text (pages without it do not count towards recall). */
  hasTruth: boolean;
}

export interface Score {
  precision: number;
  recall: number;
  f1: number;
  /** Pages scored. */
  n: number;
}

/** Scores one page; precision is undefined when the extractor returned nothing. */
export function scorePage(id: string, predicted: string | undefined, expected: string): PageScore {
  const returned = predicted !== undefined && tokens(predicted).length > 0;
  const c = pageCounts(returned ? predicted! : '', expected);
  const precision = returned ? (c.tp + c.fp > 0 ? c.tp / (c.tp + c.fp) : 0) : undefined;
  const hasTruth = tokens(expected).length > 0;
  const recall = c.tp + c.fn > 0 ? c.tp / (c.tp + c.fn) : 1;
  const f1 = precision !== undefined && precision + recall > 0 ? (2 * precision * recall) / (precision + recall) : 0;
  return { id, ...c, precision, recall, f1, returned, hasTruth };
}

/** Averages page scores the benchmark's way. */
export function aggregate(pages: readonly PageScore[]): Score {
  const withText = pages.filter((p) => p.precision !== undefined);
  const precision = withText.length ? withText.reduce((s, p) => s + p.precision!, 0) / withText.length : 0;
  const withTruth = pages.filter((p) => p.hasTruth);
  const recall = withTruth.length ? withTruth.reduce((s, p) => s + p.recall, 0) / withTruth.length : 0;
  const f1 = precision + recall > 0 ? (2 * precision * recall) / (precision + recall) : 0;
  return { precision, recall, f1, n: pages.length };
}
