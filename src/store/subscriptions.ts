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
