/** PostgreSQL subscriptions: polling state per subscription and the items fetched from each. */
import type { Migration } from '../migrations.ts';
import type { FetchedItem, NewSubscription, Subscription, SubscriptionRepository, SubscriptionUpdate } from '../subscriptions.ts';
import { fetchedItemFromRow, subscriptionFromRow, type FetchedItemRow, type SubscriptionRow } from '../subscriptions.ts';
import type { Queryable } from './store.ts';

export const pgSubscriptionMigrations: Migration[] = [
  {
    id: '007-subscriptions',
    sql: `
      CREATE TABLE subscriptions (
        id SERIAL PRIMARY KEY,
        url TEXT NOT NULL UNIQUE,
        kind TEXT NOT NULL CHECK (kind IN ('feed', 'guardian')),
        title TEXT,
        interval_seconds INTEGER NOT NULL,
        full_text BOOLEAN NOT NULL DEFAULT false,
        allow_private BOOLEAN NOT NULL DEFAULT false,
        api_key_env TEXT,
        etag TEXT,
        last_modified TEXT,
        next_poll_at TEXT NOT NULL,
        last_polled_at TEXT,
        consecutive_failures INTEGER NOT NULL DEFAULT 0,
        status TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'failing')),
        last_error TEXT,
        position TEXT,
        created_at TEXT NOT NULL
      );
      CREATE INDEX subscriptions_due ON subscriptions(next_poll_at);
      CREATE TABLE fetched_items (
        subscription_id INTEGER NOT NULL REFERENCES subscriptions(id) ON DELETE CASCADE,
        item_key TEXT NOT NULL,
        url TEXT,
        version TEXT NOT NULL DEFAULT '',
        status TEXT NOT NULL CHECK (status IN ('stored', 'failed')),
        attempts INTEGER NOT NULL DEFAULT 0,
        article_id TEXT,
        fetched_at TEXT NOT NULL,
        PRIMARY KEY (subscription_id, item_key)
      );
    `,
  },
];

export class PgSubscriptions implements SubscriptionRepository {
  constructor(private readonly db: Queryable) {}

  private async one(sql: string, values: unknown[]): Promise<Subscription | undefined> {
    const { rows } = await this.db.query<SubscriptionRow>(sql, values);
    return rows[0] && subscriptionFromRow(rows[0]);
  }

  async add(s: NewSubscription, now: string): Promise<{ subscription: Subscription; created: boolean }> {
    const created = await this.one(
      `INSERT INTO subscriptions (url, kind, title, interval_seconds, full_text, allow_private, api_key_env, next_poll_at, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT (url) DO NOTHING RETURNING *`,
      [s.url, s.kind, s.title ?? null, s.intervalSeconds, s.fullText, s.allowPrivate, s.apiKeyEnv ?? null, s.nextPollAt ?? now, now],
    );
    if (created) return { subscription: created, created: true };
    return { subscription: (await this.byUrl(s.url))!, created: false };
  }

  get(id: number): Promise<Subscription | undefined> {
    return this.one('SELECT * FROM subscriptions WHERE id = $1', [id]);
  }

  byUrl(url: string): Promise<Subscription | undefined> {
    return this.one('SELECT * FROM subscriptions WHERE url = $1', [url]);
  }

  async list(): Promise<Subscription[]> {
    return (await this.db.query<SubscriptionRow>('SELECT * FROM subscriptions ORDER BY id')).rows.map(subscriptionFromRow);
  }

  async remove(id: number): Promise<boolean> {
    return ((await this.db.query('DELETE FROM subscriptions WHERE id = $1', [id])).rowCount ?? 0) > 0;
  }

  async claimDue(now: string, leaseUntil: string, limit: number): Promise<Subscription[]> {
    // SKIP LOCKED: pollers on other machines take other due subscriptions instead of waiting.
    const { rows } = await this.db.query<SubscriptionRow>(
      `UPDATE subscriptions SET next_poll_at = $2
       WHERE id IN (SELECT id FROM subscriptions WHERE next_poll_at <= $1 ORDER BY next_poll_at, id LIMIT $3 FOR UPDATE SKIP LOCKED)
       RETURNING *`,
      [now, leaseUntil, limit],
    );
    return rows.map(subscriptionFromRow);
  }

  async nextDueAt(): Promise<string | undefined> {
    const { rows } = await this.db.query<{ next: string | null }>('SELECT min(next_poll_at) AS next FROM subscriptions');
    return rows[0]?.next ?? undefined;
  }

  async update(id: number, update: SubscriptionUpdate): Promise<void> {
    const current = await this.get(id);
    if (!current) return;
    const s = { ...current, ...update };
    await this.db.query(
      `UPDATE subscriptions SET url = $2, title = $3, etag = $4, last_modified = $5, next_poll_at = $6, last_polled_at = $7,
         consecutive_failures = $8, status = $9, last_error = $10, position = $11 WHERE id = $1`,
      [id, s.url, s.title ?? null, s.etag ?? null, s.lastModified ?? null, s.nextPollAt, s.lastPolledAt ?? null,
        s.consecutiveFailures, s.status, s.lastError ?? null, s.position ?? null],
    );
  }

  async fetchedItem(subscriptionId: number, key: string): Promise<FetchedItem | undefined> {
    const { rows } = await this.db.query<FetchedItemRow>('SELECT * FROM fetched_items WHERE subscription_id = $1 AND item_key = $2', [subscriptionId, key]);
    return rows[0] && fetchedItemFromRow(rows[0]);
  }

  async markItem(subscriptionId: number, item: Omit<FetchedItem, 'attempts'>, now: string): Promise<void> {
    await this.db.query(
      `INSERT INTO fetched_items (subscription_id, item_key, url, version, status, attempts, article_id, fetched_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
       ON CONFLICT (subscription_id, item_key) DO UPDATE SET url = EXCLUDED.url, version = EXCLUDED.version,
         status = EXCLUDED.status, article_id = EXCLUDED.article_id, fetched_at = EXCLUDED.fetched_at,
         attempts = CASE WHEN EXCLUDED.status = 'failed' AND fetched_items.version = EXCLUDED.version
           THEN fetched_items.attempts + 1 ELSE EXCLUDED.attempts END`,
      [subscriptionId, item.key, item.url ?? null, item.version, item.status, item.status === 'failed' ? 1 : 0, item.articleId ?? null, now],
    );
  }
}
