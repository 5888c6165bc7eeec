/** SQLite subscriptions: one row per subscription with its polling state, and the fetched items. */
import type { Migration } from '../migrations.ts';
import type { FetchedItem, NewSubscription, Subscription, SubscriptionRepository, SubscriptionUpdate } from '../subscriptions.ts';
import { fetchedItemFromRow, subscriptionFromRow as fromRow, type SubscriptionRow as Row, type FetchedItemRow } from '../subscriptions.ts';
import type { Db } from './store.ts';

export const subscriptionMigrations: Migration[] = [
  {
    id: '007-subscriptions',
    sql: `
      CREATE TABLE subscriptions (
        id INTEGER PRIMARY KEY,
        url TEXT NOT NULL UNIQUE,
        kind TEXT NOT NULL CHECK (kind IN ('feed', 'guardian')),
        title TEXT,
        interval_seconds INTEGER NOT NULL,
        full_text INTEGER NOT NULL DEFAULT 0,
        allow_private INTEGER NOT NULL DEFAULT 0,
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
      ) WITHOUT ROWID;
    `,
  },
];

export class SqliteSubscriptions implements SubscriptionRepository {
  private readonly stmt;

  constructor(private readonly db: Db) {
    this.stmt = {
      insert: db.prepare(`INSERT INTO subscriptions (url, kind, title, interval_seconds, full_text, allow_private,
          api_key_env, next_poll_at, created_at)
        VALUES (@url, @kind, @title, @interval_seconds, @full_text, @allow_private, @api_key_env, @next_poll_at, @created_at)
        ON CONFLICT(url) DO NOTHING RETURNING *`),
      get: db.prepare('SELECT * FROM subscriptions WHERE id = ?'),
      byUrl: db.prepare('SELECT * FROM subscriptions WHERE url = ?'),
      list: db.prepare('SELECT * FROM subscriptions ORDER BY id'),
      remove: db.prepare('DELETE FROM subscriptions WHERE id = ?'),
      claim: db.prepare(`UPDATE subscriptions SET next_poll_at = @lease
        WHERE id IN (SELECT id FROM subscriptions WHERE next_poll_at <= @now ORDER BY next_poll_at, id LIMIT @limit)
        RETURNING *`),
      nextDue: db.prepare('SELECT min(next_poll_at) AS next FROM subscriptions'),
      update: db.prepare(`UPDATE subscriptions SET url = @url, title = @title, etag = @etag, last_modified = @last_modified,
          next_poll_at = @next_poll_at, last_polled_at = @last_polled_at, consecutive_failures = @consecutive_failures,
          status = @status, last_error = @last_error, position = @position
        WHERE id = @id`),
      item: db.prepare('SELECT * FROM fetched_items WHERE subscription_id = ? AND item_key = ?'),
      mark: db.prepare(`INSERT INTO fetched_items (subscription_id, item_key, url, version, status, attempts, article_id, fetched_at)
        VALUES (@subscription_id, @item_key, @url, @version, @status, @attempts, @article_id, @fetched_at)
        ON CONFLICT(subscription_id, item_key) DO UPDATE SET url = excluded.url, version = excluded.version,
          status = excluded.status, article_id = excluded.article_id, fetched_at = excluded.fetched_at,
          attempts = CASE WHEN excluded.status = 'failed' AND fetched_items.version = excluded.version
            THEN fetched_items.attempts + 1 ELSE excluded.attempts END`),
    };
  }

  async add(s: NewSubscription, now: string): Promise<{ subscription: Subscription; created: boolean }> {
    const row = this.stmt.insert.get({
      url: s.url,
      kind: s.kind,
      title: s.title ?? null,
      interval_seconds: s.intervalSeconds,
      full_text: s.fullText ? 1 : 0,
      allow_private: s.allowPrivate ? 1 : 0,
      api_key_env: s.apiKeyEnv ?? null,
      next_poll_at: s.nextPollAt ?? now,
      created_at: now,
    }) as Row | undefined;
    if (row) return { subscription: fromRow(row), created: true };
    return { subscription: (await this.byUrl(s.url))!, created: false };
  }

  async get(id: number): Promise<Subscription | undefined> {
    const row = this.stmt.get.get(id) as Row | undefined;
    return row && fromRow(row);
  }

  async byUrl(url: string): Promise<Subscription | undefined> {
    const row = this.stmt.byUrl.get(url) as Row | undefined;
    return row && fromRow(row);
  }

  async list(): Promise<Subscription[]> {
    return (this.stmt.list.all() as Row[]).map(fromRow);
  }

  async remove(id: number): Promise<boolean> {
    return this.stmt.remove.run(id).changes > 0;
  }

  async claimDue(now: string, leaseUntil: string, limit: number): Promise<Subscription[]> {
    return (this.stmt.claim.all({ now, lease: leaseUntil, limit }) as Row[]).map(fromRow);
  }

  async nextDueAt(): Promise<string | undefined> {
    return (this.stmt.nextDue.get() as { next: string | null }).next ?? undefined;
  }

  async update(id: number, update: SubscriptionUpdate): Promise<void> {
    this.db.transaction(() => {
      const row = this.stmt.get.get(id) as Row | undefined;
      if (!row) return;
      const s = { ...fromRow(row), ...update };
      this.stmt.update.run({
        id,
        url: s.url,
        title: s.title ?? null,
        etag: s.etag ?? null,
        last_modified: s.lastModified ?? null,
        next_poll_at: s.nextPollAt,
        last_polled_at: s.lastPolledAt ?? null,
        consecutive_failures: s.consecutiveFailures,
        status: s.status,
        last_error: s.lastError ?? null,
        position: s.position ?? null,
      });
    })();
  }

  async fetchedItem(subscriptionId: number, key: string): Promise<FetchedItem | undefined> {
    const r = this.stmt.item.get(subscriptionId, key) as FetchedItemRow | undefined;
    return r && fetchedItemFromRow(r);
  }

  async markItem(subscriptionId: number, item: Omit<FetchedItem, 'attempts'>, now: string): Promise<void> {
    this.stmt.mark.run({
      subscription_id: subscriptionId,
      item_key: item.key,
      url: item.url ?? null,
      version: item.version,
      status: item.status,
      attempts: item.status === 'failed' ? 1 : 0,
      article_id: item.articleId ?? null,
      fetched_at: now,
    });
  }
}
