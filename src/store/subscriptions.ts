/**
 * Subscriptions: the feeds and Guardian searches Storyline polls, their polling state (validators,
 * schedule, failures, the Guardian position), and the items already fetched from each, so that a crash
 * or restart loses nothing and fetches nothing twice.
 */

export type SubscriptionKind = 'feed' | 'guardian';
/** 'failing': so many consecutive failures that the next attempt was pushed far out. */
export type SubscriptionStatus = 'active' | 'failing';

export interface Subscription {
  id: number;
  /** The feed URL, or "guardian:QUERY" for a Guardian Content API search. */
  url: string;
  kind: SubscriptionKind;
  title?: string;
  intervalSeconds: number;
  /** Fetch every entry's article page, not only summary-only entries. */
  fullText: boolean;
  allowPrivate: boolean;
  /** The name of the environment variable holding the API key (never the key). */
  apiKeyEnv?: string;
  etag?: string;
  lastModified?: string;
  nextPollAt: string;
  lastPolledAt?: string;
  consecutiveFailures: number;
  status: SubscriptionStatus;
  lastError?: string;
  /** Where a paged source (Guardian) got to, as the poller's JSON. */
  position?: string;
  createdAt: string;
}

export type NewSubscription = Pick<Subscription, 'url' | 'kind' | 'intervalSeconds' | 'fullText' | 'allowPrivate'> &
  Partial<Pick<Subscription, 'title' | 'apiKeyEnv' | 'nextPollAt'>>;

/** The polling state a poll writes back. */
export type SubscriptionUpdate = Partial<
  Pick<
    Subscription,
    'url' | 'title' | 'etag' | 'lastModified' | 'nextPollAt' | 'lastPolledAt' | 'consecutiveFailures' | 'status' | 'lastError' | 'position'
  >
>;

export interface FetchedItem {
  key: string;
  url?: string;
  /** The entry's version (its updated time) when it was fetched: a newer version is fetched again. */
  version: string;
  status: 'stored' | 'failed';
  attempts: number;
  articleId?: string;
}

export interface SubscriptionRepository {
  /** Adds a subscription; a URL already subscribed to returns the existing one with created false. */
  add(subscription: NewSubscription, now: string): Promise<{ subscription: Subscription; created: boolean }>;
  get(id: number): Promise<Subscription | undefined>;
  byUrl(url: string): Promise<Subscription | undefined>;
  list(): Promise<Subscription[]>;
  /** Removes the subscription and its fetched-item records. */
  remove(id: number): Promise<boolean>;
  /**
   * Atomically takes up to `limit` subscriptions due at `now`, moving their next_poll_at to `leaseUntil`
   * so no other poller takes them meanwhile (and a crashed poller's claim expires by itself).
   */
  claimDue(now: string, leaseUntil: string, limit: number): Promise<Subscription[]>;
  /** The earliest next_poll_at of any subscription. */
  nextDueAt(): Promise<string | undefined>;
  update(id: number, update: SubscriptionUpdate): Promise<void>;
  fetchedItem(subscriptionId: number, key: string): Promise<FetchedItem | undefined>;
  /** Records an item as stored, or one more failed attempt at it. */
  markItem(subscriptionId: number, item: Omit<FetchedItem, 'attempts'>, now: string): Promise<void>;
}

/** A subscriptions row as both backends return it (booleans as 0/1 or true/false). */
export interface SubscriptionRow {
  id: number;
  url: string;
  kind: Subscription['kind'];
  title: string | null;
  interval_seconds: number;
  full_text: number | boolean;
  allow_private: number | boolean;
  api_key_env: string | null;
  etag: string | null;
  last_modified: string | null;
  next_poll_at: string;
  last_polled_at: string | null;
  consecutive_failures: number;
  status: Subscription['status'];
  last_error: string | null;
  position: string | null;
  created_at: string;
}

export function subscriptionFromRow(r: SubscriptionRow): Subscription {
  return {
    id: r.id,
    url: r.url,
    kind: r.kind,
    title: r.title ?? undefined,
    intervalSeconds: r.interval_seconds,
    fullText: r.full_text === 1 || r.full_text === true,
    allowPrivate: r.allow_private === 1 || r.allow_private === true,
    apiKeyEnv: r.api_key_env ?? undefined,
    etag: r.etag ?? undefined,
    lastModified: r.last_modified ?? undefined,
    nextPollAt: r.next_poll_at,
    lastPolledAt: r.last_polled_at ?? undefined,
    consecutiveFailures: r.consecutive_failures,
    status: r.status,
    lastError: r.last_error ?? undefined,
    position: r.position ?? undefined,
    createdAt: r.created_at,
  };
}

export interface FetchedItemRow {
  item_key: string;
  url: string | null;
  version: string;
  status: FetchedItem['status'];
  attempts: number;
  article_id: string | null;
}

export function fetchedItemFromRow(r: FetchedItemRow): FetchedItem {
  return { key: r.item_key, url: r.url ?? undefined, version: r.version, status: r.status, attempts: r.attempts, articleId: r.article_id ?? undefined };
}
