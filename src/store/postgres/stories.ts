/**
 * PostgreSQL stories: the same layout as SQLite's (summary columns + jsonb state, the story_terms
 * inverted index for candidate lookup, one row per member with the vectors it added).
 */
import type { Story } from '../../model.ts';
import { rankPostings } from '../postings.ts';
import type { Migration } from '../migrations.ts';
import type { StoryListOptions, StoryMember, StoryRepository, StoryState, TimelineEntry } from '../stories.ts';
import { parseStory, toMember, toObject, toState, toStateJson, toTimelineEntry, type MemberRow, type StoryRow, type TimelineRow } from '../stories.ts';
import type { Queryable } from './store.ts';

export const pgStoryMigrations: Migration[] = [
  {
    id: '004-stories',
    sql: `
      CREATE TABLE stories (
        id TEXT PRIMARY KEY,
        seq BIGSERIAL NOT NULL,
        status TEXT NOT NULL,
        active_at TEXT,
        first_published_at TEXT,
        last_published_at TEXT,
        article_count INTEGER NOT NULL,
        story JSONB NOT NULL,
        state JSONB NOT NULL
      );
      CREATE INDEX stories_status_active ON stories(status, active_at);
      CREATE INDEX stories_active ON stories(active_at);
      CREATE TABLE story_terms (
        term TEXT NOT NULL,
        story_id TEXT NOT NULL REFERENCES stories(id) ON DELETE CASCADE,
        weight DOUBLE PRECISION NOT NULL,
        PRIMARY KEY (term, story_id)
      );
      CREATE INDEX story_terms_story ON story_terms(story_id);
      CREATE TABLE story_articles (
        article_id TEXT PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
        story_id TEXT NOT NULL REFERENCES stories(id) ON DELETE CASCADE,
        seq INTEGER NOT NULL,
        published_at TEXT,
        headline TEXT NOT NULL,
        publisher TEXT,
        similarity DOUBLE PRECISION,
        vectors JSONB NOT NULL
      );
      CREATE INDEX story_articles_story ON story_articles(story_id, published_at);
      CREATE INDEX story_articles_story_seq ON story_articles(story_id, seq);
    `,
  },
  {
    // Each term's heaviest stories first: candidates read only the head of each term's postings.
    id: '011-story-terms-weight',
    sql: 'CREATE INDEX story_terms_weight ON story_terms(term, weight DESC)',
  },
  {
    // The archive's own story settings (one row), so every process that writes stories uses the same.
    id: '017-story-settings',
    sql: 'CREATE TABLE story_settings (id INTEGER PRIMARY KEY CHECK (id = 1), quiet_days DOUBLE PRECISION NOT NULL)',
  },
];

const STORY_COLUMNS = 'story, state, active_at';

export class PgStories implements StoryRepository {
  constructor(private readonly db: Queryable) {}

  async candidates(query: ReadonlyMap<string, number>, limit: number, perTerm: number): Promise<string[]> {
    if (!query.size || limit <= 0) return [];
    const { rows } = await this.db.query<{ id: string; score: number }>(
      `SELECT p.story_id AS id, p.weight * q.w AS score
       FROM unnest($1::text[], $2::float8[]) AS q(term, w)
       CROSS JOIN LATERAL (SELECT story_id, weight FROM story_terms WHERE term = q.term ORDER BY weight DESC LIMIT $3) p`,
      [[...query.keys()], [...query.values()], perTerm],
    );
    return rankPostings(rows, limit).map((c) => c.id);
  }

  async states(ids: readonly string[]): Promise<StoryState[]> {
    if (!ids.length) return [];
    const { rows } = await this.db.query<StoryRow>(`SELECT ${STORY_COLUMNS} FROM stories WHERE id = ANY($1)`, [ids]);
    const byId = new Map(rows.map(toState).map((s) => [s.story.id, s]));
    return ids.flatMap((id) => byId.get(id) ?? []);
  }

  async save(state: StoryState, indexTerms: ReadonlyMap<string, number>): Promise<void> {
    const s = state.story;
    const json = toStateJson(state);
    await this.db.query(
      `INSERT INTO stories (id, status, active_at, first_published_at, last_published_at, article_count, story, state)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
       ON CONFLICT (id) DO UPDATE SET status = EXCLUDED.status, active_at = EXCLUDED.active_at,
         first_published_at = EXCLUDED.first_published_at, last_published_at = EXCLUDED.last_published_at,
         article_count = EXCLUDED.article_count, story = EXCLUDED.story, state = EXCLUDED.state`,
      [s.id, s.status, state.activeAt ?? null, s.firstPublishedAt ?? null, s.lastPublishedAt ?? null, s.articleCount, JSON.stringify(s), JSON.stringify(json)],
    );
    // The index rows in one statement each way: drop the terms that left, upsert the current ones.
    await this.db.query('DELETE FROM story_terms WHERE story_id = $1 AND NOT (term = ANY($2))', [s.id, [...indexTerms.keys()]]);
    if (indexTerms.size) {
      await this.db.query(
        `INSERT INTO story_terms (term, story_id, weight) SELECT t, $1, w FROM unnest($2::text[], $3::float8[]) AS x(t, w)
         ON CONFLICT (term, story_id) DO UPDATE SET weight = EXCLUDED.weight`,
        [s.id, [...indexTerms.keys()], [...indexTerms.values()]],
      );
    }
  }

  async delete(id: string): Promise<void> {
    await this.db.query('DELETE FROM stories WHERE id = $1', [id]);
  }

  async addMember(m: StoryMember): Promise<void> {
    await this.db.query(
      `INSERT INTO story_articles (article_id, story_id, seq, published_at, headline, publisher, similarity, vectors)
       VALUES ($1, $2, (SELECT coalesce(max(seq), 0) + 1 FROM story_articles WHERE story_id = $2), $3, $4, $5, $6, $7)
       ON CONFLICT (article_id) DO UPDATE SET story_id = EXCLUDED.story_id, seq = EXCLUDED.seq, published_at = EXCLUDED.published_at,
         headline = EXCLUDED.headline, publisher = EXCLUDED.publisher, similarity = EXCLUDED.similarity, vectors = EXCLUDED.vectors`,
      [m.articleId, m.storyId, m.publishedAt ?? null, m.headline, m.publisher ?? null, m.similarity ?? null,
        JSON.stringify({ terms: toObject(m.terms), names: toObject(m.names) })],
    );
  }

  async removeMember(articleId: string): Promise<StoryMember | undefined> {
    const { rows } = await this.db.query<MemberRow>('DELETE FROM story_articles WHERE article_id = $1 RETURNING *', [articleId]);
    return rows[0] && toMember(rows[0]);
  }

  async members(storyId: string, limit: number): Promise<StoryMember[]> {
    const { rows } = await this.db.query<MemberRow>('SELECT * FROM story_articles WHERE story_id = $1 ORDER BY seq DESC LIMIT $2', [storyId, limit]);
    return rows.map(toMember);
  }

  async span(storyId: string): Promise<{ first?: string; last?: string; count: number }> {
    const { rows } = await this.db.query<{ first: string | null; last: string | null; count: number }>(
      'SELECT min(published_at) AS first, max(published_at) AS last, count(*)::int AS count FROM story_articles WHERE story_id = $1',
      [storyId],
    );
    const r = rows[0]!;
    return { first: r.first ?? undefined, last: r.last ?? undefined, count: r.count };
  }

  async latestActivity(): Promise<string | undefined> {
    const { rows } = await this.db.query<{ t: string | null }>('SELECT max(active_at) AS t FROM stories');
    return rows[0]?.t ?? undefined;
  }

  async markDormant(before: string): Promise<number> {
    const { rowCount } = await this.db.query(
      `UPDATE stories SET status = 'dormant', story = jsonb_set(story, '{status}', '"dormant"') WHERE status = 'active' AND active_at < $1`,
      [before],
    );
    return rowCount ?? 0;
  }

  async wake(since: string): Promise<number> {
    const { rowCount } = await this.db.query(
      `UPDATE stories SET status = 'active', story = jsonb_set(story, '{status}', '"active"') WHERE status = 'dormant' AND active_at >= $1`,
      [since],
    );
    return rowCount ?? 0;
  }

  async quietDays(): Promise<number | undefined> {
    const { rows } = await this.db.query<{ quiet_days: number }>('SELECT quiet_days FROM story_settings WHERE id = 1');
    return rows[0]?.quiet_days;
  }

  async setQuietDays(days: number): Promise<void> {
    await this.db.query(
      'INSERT INTO story_settings (id, quiet_days) VALUES (1, $1) ON CONFLICT (id) DO UPDATE SET quiet_days = excluded.quiet_days',
      [days],
    );
  }

  async get(id: string): Promise<Story | undefined> {
    const { rows } = await this.db.query<StoryRow>(`SELECT ${STORY_COLUMNS} FROM stories WHERE id = $1`, [id]);
    return rows[0] && parseStory(rows[0].story);
  }

  async list(options: StoryListOptions): Promise<Story[]> {
    const where = options.active ? "WHERE status = 'active'" : '';
    const { rows } = await this.db.query<StoryRow>(`SELECT ${STORY_COLUMNS} FROM stories ${where} ORDER BY active_at DESC NULLS LAST, seq DESC LIMIT $1`, [options.limit]);
    return rows.map((r) => parseStory(r.story));
  }

  async timeline(id: string): Promise<TimelineEntry[]> {
    const { rows } = await this.db.query<TimelineRow>(
      `SELECT article_id, headline, publisher, published_at, similarity FROM story_articles
       WHERE story_id = $1 ORDER BY published_at IS NULL, published_at, seq`,
      [id],
    );
    return rows.map(toTimelineEntry);
  }

  async storyIdsOf(articleIds: readonly string[]): Promise<Map<string, string>> {
    const out = new Map<string, string>();
    if (!articleIds.length) return out;
    const { rows } = await this.db.query<{ article_id: string; story_id: string }>(
      'SELECT article_id, story_id FROM story_articles WHERE article_id = ANY($1)',
      [articleIds],
    );
    for (const r of rows) out.set(r.article_id, r.story_id);
    return out;
  }

  async count(options: { active?: boolean } = {}): Promise<number> {
    const where = options.active ? " WHERE status = 'active'" : '';
    return (await this.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM stories${where}`)).rows[0]!.n;
  }
}
