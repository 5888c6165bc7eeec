/**
 * The poller: claims due subscriptions, fetches each (conditional GET), reads it with readInput, fetches
 * the article page of entries that carry only a summary (or of every entry with --full-text) and stores
 * everything through the pipeline. An item is marked fetched only after its article is stored; a
 * subscription that fails backs off exponentially with jitter (or as long as Retry-After asks), and after
 * FAILING_AFTER consecutive failures it is marked failing and tried again only a day later.
 */
import { extractArticle } from '../ingest/readers/html.ts';
import type { ArticleDraftInput } from '../model.ts';
import type { Store } from '../store/store.ts';
import type { Subscription, SubscriptionUpdate } from '../store/subscriptions.ts';
import { addToSummary, emptySummary, type IngestResult, type IngestSummary, type Pipeline } from '../ingest/pipeline.ts';
import { readInput } from '../ingest/readers/index.ts';
import type { ReadOutcome } from '../ingest/readers/reader.ts';
import { decodeBytes } from '../ingest/decode.ts';
import { normaliseUrl } from '../ingest/url.ts';
import { FetchError, PAGE_ACCEPT, redactUrl, type FetchedResponse, type HttpClient } from './client.ts';
import { systemClock, type Clock } from './limiter.ts';
import { DEFAULT_GUARDIAN_KEY_ENV, GUARDIAN_API, guardianPage, guardianQuery, guardianSearchUrl, parsePosition } from './guardian.ts';

/** Turns a fetched article page into a draft (the HTML reader's extractArticle). */
export type ExtractPage = (html: string, url: string) => ArticleDraftInput | Promise<ArticleDraftInput>;

/** Consecutive failures after which a subscription is 'failing'. */
export const FAILING_AFTER = 5;
/** How far out a failing subscription's next attempt goes. */
export const FAILING_RETRY_MS = 24 * 60 * 60 * 1000;
/** Failed attempts at one item (its page) before it is given up (stored from its summary, or skipped). */
export const MAX_ITEM_ATTEMPTS = 3;
/** An entry whose body has fewer characters than this is a summary: its page is fetched. */
export const SUMMARY_CHARS = 600;

/** The default page extractor: the HTML reader's. */
export const extractWithHtmlReader: ExtractPage = (html, url) => extractArticle(html, url);

export interface PollerOptions {
  clock?: Clock;
  /** [0, 1): the jitter of the backoff. */
  random?: () => number;
  extractPage?: ExtractPage;
  /** Where API keys are read from (process.env). */
  env?: Record<string, string | undefined>;
  guardianBase?: string;
  /** How long a claim holds before another poller may take the subscription (a crashed poll's retry). */
  leaseMs?: number;
  /** Entries of one subscription processed at once (pages fetched in parallel, per-host limits apply). */
  itemConcurrency?: number;
  maxGuardianPages?: number;
}

export interface PollReport {
  subscriptionId: number;
  url: string;
  ok: boolean;
  error?: string;
  notModified: boolean;
  /** Entries the source listed. */
  entries: number;
  /** Entries skipped because they were fetched before. */
  skipped: number;
  /** Article pages fetched. */
  pages: number;
  /** What the pipeline did with the items stored this time. */
  summary: IngestSummary;
  /** Per-item failures (bad entries, pages that could not be fetched). */
  itemErrors: { label: string; error: string }[];
  movedTo?: string;
  nextPollAt: string;
}

/** Exponential backoff with jitter: one minute doubling per failure, at most six hours, times 0.5–1. */
export function backoffMs(failures: number, random: () => number): number {
  const base = Math.min(6 * 60 * 60 * 1000, 60_000 * 2 ** Math.max(0, failures - 1));
  return Math.round(base * (0.5 + random() / 2));
}

function iso(ms: number): string {
  return new Date(ms).toISOString();
}

function isSummaryOnly(draft: ArticleDraftInput): boolean {
  return draft.body.join(' ').trim().length < SUMMARY_CHARS;
}

/** The key an entry is remembered by: its guid/id, else its URL, else its headline. */
function itemKey(draft: ArticleDraftInput): string {
  return draft.sourceId ?? normaliseUrl(draft.url) ?? `headline:${draft.headline}`;
}

function looksLikeHtml(res: FetchedResponse): boolean {
  if (/^\s*(text\/html|application\/xhtml)/i.test(res.contentType ?? '')) return true;
  const head = Buffer.from(res.bytes.subarray(0, 512)).toString('utf8').trimStart().toLowerCase();
  return head.startsWith('<!doctype html') || head.startsWith('<html');
}

/** The page's draft over the entry's: the page has the full text, the entry what the page may lack. */
function mergePage(entry: ArticleDraftInput, page: ArticleDraftInput, finalUrl: string): ArticleDraftInput {
  const defined = Object.fromEntries(Object.entries(page).filter(([, v]) => v !== undefined && v !== '')) as Partial<ArticleDraftInput>;
  return {
    ...entry,
    ...defined,
    headline: page.headline?.trim() ? page.headline : entry.headline,
    body: page.body?.length ? page.body : entry.body,
    sourceId: entry.sourceId ?? page.sourceId,
    url: finalUrl,
    canonicalUrl: page.canonicalUrl ?? finalUrl,
  };
}

/** Runs fn over items, at most `limit` at a time. */
async function eachLimited<T>(items: readonly T[], limit: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await fn(items[next++]!);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}

class PollFailure extends Error {
  constructor(
    message: string,
    readonly retryAfterMs?: number,
  ) {
    super(message);
  }
}

export class Poller {
  private readonly clock: Clock;
  private readonly random: () => number;
  private readonly extractPage: ExtractPage;
  private readonly env: Record<string, string | undefined>;
  private readonly guardianBase: string;
  private readonly leaseMs: number;
  private readonly itemConcurrency: number;
  private readonly maxGuardianPages: number;

  constructor(
    readonly store: Store,
    readonly pipeline: Pipeline,
    readonly client: HttpClient,
    options: PollerOptions = {},
  ) {
    this.clock = options.clock ?? systemClock;
    this.random = options.random ?? Math.random;
    this.extractPage = options.extractPage ?? extractWithHtmlReader;
    this.env = options.env ?? process.env;
    this.guardianBase = options.guardianBase ?? GUARDIAN_API;
    this.leaseMs = options.leaseMs ?? 10 * 60 * 1000;
    this.itemConcurrency = options.itemConcurrency ?? 4;
    this.maxGuardianPages = options.maxGuardianPages ?? 10;
  }

  /** Polls every due subscription, `concurrency` at a time, each claimed atomically; returns what happened. */
  async pollDue(options: { concurrency?: number; onReport?: (report: PollReport) => void } = {}): Promise<PollReport[]> {
    const reports: PollReport[] = [];
    const worker = async () => {
      for (;;) {
        const now = this.clock.now();
        const [sub] = await this.store.subscriptions.claimDue(iso(now), iso(now + this.leaseMs), 1);
        if (!sub) return;
        const report = await this.poll(sub);
        reports.push(report);
        options.onReport?.(report);
      }
    };
    await Promise.all(Array.from({ length: Math.max(1, options.concurrency ?? 4) }, worker));
    return reports;
  }

  /** Polls one (claimed) subscription and writes its new polling state. Never throws for the source's faults. */
  async poll(sub: Subscription): Promise<PollReport> {
    const report: PollReport = {
      subscriptionId: sub.id,
      url: sub.url,
      ok: true,
      notModified: false,
      entries: 0,
      skipped: 0,
      pages: 0,
      summary: emptySummary(),
      itemErrors: [],
      nextPollAt: '',
    };
    const update: SubscriptionUpdate = {};
    try {
      if (sub.kind === 'guardian') await this.pollGuardian(sub, report, update);
      else await this.pollFeed(sub, report, update);
      const now = this.clock.now();
      Object.assign(update, {
        lastPolledAt: iso(now),
        nextPollAt: iso(now + sub.intervalSeconds * 1000),
        consecutiveFailures: 0,
        status: 'active',
        lastError: undefined,
      } satisfies SubscriptionUpdate);
    } catch (err) {
      const now = this.clock.now();
      const message = err instanceof FetchError || err instanceof PollFailure ? err.message : `unexpected: ${(err as Error).message}`;
      const retryAfterMs = (err as { retryAfterMs?: number }).retryAfterMs;
      const failures = sub.consecutiveFailures + 1;
      const failing = failures >= FAILING_AFTER;
      const delay = Math.max(failing ? FAILING_RETRY_MS : backoffMs(failures, this.random), retryAfterMs ?? 0);
      report.ok = false;
      report.error = message;
      Object.assign(update, {
        lastPolledAt: iso(now),
        nextPollAt: iso(now + delay),
        consecutiveFailures: failures,
        status: failing ? 'failing' : 'active',
        lastError: message,
      } satisfies SubscriptionUpdate);
    }
    report.nextPollAt = update.nextPollAt!;
    await this.store.subscriptions.update(sub.id, update);
    return report;
  }

  private async pollFeed(sub: Subscription, report: PollReport, update: SubscriptionUpdate): Promise<void> {
    const res = await this.client.get(sub.url, { etag: sub.etag, lastModified: sub.lastModified, allowPrivate: sub.allowPrivate });
    if (res.movedTo && res.movedTo !== sub.url && !(await this.store.subscriptions.byUrl(res.movedTo))) {
      update.url = res.movedTo;
      report.movedTo = res.movedTo;
    }
    if (res.notModified) {
      report.notModified = true;
      return;
    }
    if (looksLikeHtml(res)) throw new PollFailure(`${redactUrl(res.url)} is not a feed: it is an HTML page (${res.contentType ?? 'no Content-Type'})`);
    let outcomes: ReadOutcome[];
    try {
      outcomes = readInput({ name: sub.url, bytes: res.bytes, contentType: res.contentType, url: res.url });
    } catch (err) {
      throw new PollFailure(`${redactUrl(res.url)} is not a readable feed: ${(err as Error).message}`);
    }
    if (outcomes.length && !outcomes.some((o) => o.ok)) {
      throw new PollFailure(`${redactUrl(res.url)} is not a readable feed: ${(outcomes[0] as { error: string }).error}`);
    }
    report.entries = outcomes.length;
    await eachLimited(outcomes, this.itemConcurrency, async (outcome) => {
      if (!outcome.ok) {
        report.itemErrors.push({ label: outcome.label, error: outcome.error });
        return;
      }
      const result = await this.processEntry(sub, outcome.draft, outcome.label, res.url, report);
      if (result) addToSummary(report.summary, result);
    });
    // Validators are kept only once the entries are stored: a crash before this refetches the feed.
    update.etag = res.etag;
    update.lastModified = res.lastModified;
  }

  /** Stores one feed entry (with its page when needed); undefined when it was fetched before. */
  private async processEntry(
    sub: Subscription,
    entry: ArticleDraftInput,
    label: string,
    feedUrl: string,
    report: PollReport,
  ): Promise<IngestResult | undefined> {
    const subs = this.store.subscriptions;
    const key = itemKey(entry);
    const version = entry.updatedAt ?? '';
    const prior = await subs.fetchedItem(sub.id, key);
    const priorAttempts = prior && prior.version === version ? prior.attempts : 0;
    if (prior && prior.version === version && (prior.status === 'stored' || prior.attempts >= MAX_ITEM_ATTEMPTS)) {
      report.skipped++;
      return undefined;
    }
    const entryUrl = entry.url && URL.canParse(entry.url, feedUrl) ? normaliseUrl(new URL(entry.url, feedUrl).href) : undefined;
    let draft = entry;
    if (entryUrl && (sub.fullText || isSummaryOnly(entry))) {
      // The same article reached through another feed (or earlier) is not fetched again.
      const known = await this.store.articles.idByUrl(entryUrl);
      if (known) {
        await subs.markItem(sub.id, { key, url: entryUrl, version, status: 'stored', articleId: known }, iso(this.clock.now()));
        report.skipped++;
        return undefined;
      }
      try {
        const page = await this.client.get(entryUrl, { allowPrivate: sub.allowPrivate, accept: PAGE_ACCEPT });
        report.pages++;
        const extracted = await this.extractPage(decodeBytes(page.bytes, page.contentType), page.url);
        draft = mergePage(entry, extracted, page.url);
      } catch (err) {
        const error = `article page ${redactUrl(entryUrl)}: ${(err as Error).message}`;
        if (priorAttempts + 1 < MAX_ITEM_ATTEMPTS) {
          await subs.markItem(sub.id, { key, url: entryUrl, version, status: 'failed' }, iso(this.clock.now()));
          report.itemErrors.push({ label, error: `${error} (will retry)` });
          return undefined;
        }
        // Given up on the page: the summary is better than nothing.
        report.itemErrors.push({ label, error: `${error} (stored the feed's summary instead)` });
      }
    }
    const result = await this.pipeline.ingestDraft(draft, sub.url, label);
    const now = iso(this.clock.now());
    if (result.ok) await subs.markItem(sub.id, { key, url: entryUrl, version, status: 'stored', articleId: result.id }, now);
    else {
      await subs.markItem(sub.id, { key, url: entryUrl, version, status: 'failed' }, now);
      report.itemErrors.push({ label, error: result.error });
    }
    return result;
  }

  private async pollGuardian(sub: Subscription, report: PollReport, update: SubscriptionUpdate): Promise<void> {
    const query = guardianQuery(sub.url);
    if (!query) throw new PollFailure(`${sub.url}: no search query`);
    const keyEnv = sub.apiKeyEnv ?? DEFAULT_GUARDIAN_KEY_ENV;
    const apiKey = this.env[keyEnv];
    if (!apiKey) throw new PollFailure(`the Guardian API key is not set: put it in the environment variable ${keyEnv}`);
    // One query per poll (from-date fixed, so its pages stay stable); the position advances page by page.
    const start = parsePosition(sub.position);
    let position = start;
    for (let page = 1; page <= this.maxGuardianPages; page++) {
      const url = guardianSearchUrl(this.guardianBase, query, start, page);
      const shown = url.href;
      url.searchParams.set('api-key', apiKey);
      const res = await this.client.get(url.href, { allowPrivate: sub.allowPrivate, accept: 'application/json' });
      let result;
      try {
        result = guardianPage(res.bytes, position);
      } catch (err) {
        throw new PollFailure(`${shown}: ${(err as Error).message}`);
      }
      report.entries += result.freshCount;
      if (result.freshCount) {
        const outcomes = readInput({ name: `${sub.url} (page ${page})`, bytes: result.fresh, contentType: 'application/json', url: shown });
        for (const outcome of outcomes) {
          if (!outcome.ok) {
            report.itemErrors.push({ label: outcome.label, error: outcome.error });
            continue;
          }
          const stored = await this.pipeline.ingestDraft(outcome.draft, sub.url, outcome.label);
          addToSummary(report.summary, stored);
          if (!stored.ok) report.itemErrors.push({ label: stored.label, error: stored.error });
        }
      }
      // The position moves only past results that were handled, and is saved page by page.
      position = result.position;
      update.position = JSON.stringify(position);
      await this.store.subscriptions.update(sub.id, { position: update.position });
      if (result.lastPage) break;
    }
  }
}
