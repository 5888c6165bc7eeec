/**
 * The quiet period: how many days a story may go without a new article, on the archive's clock (the
 * newest story activity), before it is shown as dormant rather than developing. A breaking-news desk
 * wants a few days, a research archive a month. It is stored in the archive, not given per process, so
 * every process that writes stories (ingest, the poller of `serve`, several under PostgreSQL) uses the
 * same; until one is set, the clusterer's configured quietDays (by default DEFAULT_QUIET_DAYS) holds.
 */
import type { Store } from '../store/store.ts';
import { DAY_MS } from './similarity.ts';

/** The quiet period of an archive that has not set one. */
export const DEFAULT_QUIET_DAYS = 7;
/** The longest quiet period accepted: ten years. */
export const MAX_QUIET_DAYS = 3650;

export interface QuietPeriodChange {
  days: number;
  previous: number;
  /** Dormant stories that are active again under the new period, and active ones now dormant. */
  woke: number;
  slept: number;
}

/** Whether `days` can be a quiet period: more than 0, at most MAX_QUIET_DAYS. */
export function isQuietPeriod(days: number): boolean {
  return Number.isFinite(days) && days > 0 && days <= MAX_QUIET_DAYS;
}

/** The quiet period in force: the archive's setting, else `fallback`. */
export async function quietDays(tx: Store, fallback = DEFAULT_QUIET_DAYS): Promise<number> {
  return (await tx.stories.quietDays()) ?? fallback;
}

/** The time before which a story's last activity makes it dormant, given the stream's "now". */
export function dormantBefore(now: string, days: number): string {
  return new Date(Date.parse(now) - days * DAY_MS).toISOString();
}

/**
 * Sets the archive's quiet period and re-judges every story by it at once (a longer period wakes
 * stories, a shorter one sends them to sleep), in one transaction under the analysis lock, so no
 * ingest assigns articles with the old period in between.
 */
export async function setQuietDays(store: Store, days: number): Promise<QuietPeriodChange> {
  if (!isQuietPeriod(days)) throw new RangeError(`the quiet period must be more than 0 and at most ${MAX_QUIET_DAYS} days, not ${days}`);
  return store.transaction(async (tx) => {
    await tx.lockAnalysis();
    const previous = await quietDays(tx);
    await tx.stories.setQuietDays(days);
    const now = await tx.stories.latestActivity();
    if (!now) return { days, previous, woke: 0, slept: 0 };
    const cutoff = dormantBefore(now, days);
    return { days, previous, woke: await tx.stories.wake(cutoff), slept: await tx.stories.markDormant(cutoff) };
  });
}
