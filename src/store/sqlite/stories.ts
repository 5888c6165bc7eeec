/**
 * SQLite stories: one row per story (summary columns + JSON state), an inverted index story_terms over
 * each story's top centroid terms (candidate lookup is an indexed query, never a scan), and one row per
 * member article with the vectors it added to the centroid.
 */
import type { Story } from '../../model.ts';
import { sumPostings } from '../postings.ts';
import { postingsReader } from './postings.ts';
import type { Migration } from '../migrations.ts';
import { rebuildAsRowidTable } from './rowid-tables.ts';
import type { StoryListOptions, StoryMember, StoryRepository, StoryState, TimelineEntry } from '../stories.ts';
import { ParsedStates, parseStory, toMember, toObject, toStateJson, toTimelineEntry, type MemberRow, type StoryRow, type TimelineRow } from '../stories.ts';
import type { Db } from './store.ts';

export const storyMigrations: Migration[] = [
  {
    id: '004-stories',
    sql: `
      CREATE TABLE stories (
        seq INTEGER PRIMARY KEY,
        id TEXT NOT NULL UNIQUE,
        status TEXT NOT NULL,
        active_at TEXT,
        first_published_at TEXT,
        last_published_at TEXT,
        article_count INTEGER NOT NULL,
        story TEXT NOT NULL,
        state TEXT NOT NULL
      );
      CREATE INDEX stories_status_active ON stories(status, active_at);
      CREATE INDEX stories_active ON stories(active_at);
      CREATE TABLE story_terms (
        term TEXT NOT NULL,
        story_id TEXT NOT NULL REFERENCES stories(id) ON DELETE CASCADE,
        weight REAL NOT NULL,
        PRIMARY KEY (term, story_id)
      ) WITHOUT ROWID;
      CREATE INDEX story_terms_story ON story_terms(story_id);
      CREATE TABLE story_articles (
        article_id TEXT PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
        story_id TEXT NOT NULL REFERENCES stories(id) ON DELETE CASCADE,
        seq INTEGER NOT NULL,
        published_at TEXT,
        headline TEXT NOT NULL,
        publisher TEXT,
        similarity REAL,
        vectors TEXT NOT NULL
      ) WITHOUT ROWID;
      CREATE INDEX story_articles_story ON story_articles(story_id, published_at);
      CREATE INDEX story_articles_story_seq ON story_articles(story_id, seq);
    `,
  },
  {
    // Each term's heaviest stories first: candidates read only the head of each term's postings.
    id: '011-story-terms-weight',
    sql: 'CREATE INDEX story_terms_weight ON story_terms(term, weight)',
  },
  {
    // The archive's own story settings (one row), so every process that writes stories uses the same.
    id: '017-story-settings',
    sql: 'CREATE TABLE story_settings (id INTEGER PRIMARY KEY CHECK (id = 1), quiet_days REAL NOT NULL)',
  },
  {
    // A member row holds the article's story vectors (a few KB): an ordinary table (see rowid-tables.ts).
    id: '020-story-articles-rowid',
    sql: rebuildAsRowidTable(
      'story_articles',
      `article_id TEXT PRIMARY KEY NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
       story_id TEXT NOT NULL REFERENCES stories(id) ON DELETE CASCADE,
       seq INTEGER NOT NULL, published_at TEXT, headline TEXT NOT NULL, publisher TEXT, similarity REAL, vectors TEXT NOT NULL`,
      'article_id, story_id, seq, published_at, headline, publisher, similarity, vectors',
      `CREATE INDEX story_articles_story ON story_articles(story_id, published_at);
       CREATE INDEX story_articles_story_seq ON story_articles(story_id, seq);`,
    ),
  },
];

export class SqliteStories implements StoryRepository {
  private readonly stmt;
  private readonly parsed = new ParsedStates();

  private readonly postings;

  constructor(private readonly db: Db) {
    this.postings = postingsReader(db, 'story_terms', 'story_id');
    this.stmt = {
      get: db.prepare('SELECT story, state, active_at FROM stories WHERE id = ?'),
      states: db.prepare('SELECT id, story, state, active_at FROM stories WHERE id IN (SELECT value FROM json_each(?))'),
      upsert: db.prepare(`INSERT INTO stories (id, status, active_at, first_published_at, last_published_at, article_count, story, state)
          VALUES (@id, @status, @active_at, @first, @last, @count, @story, @state)
          ON CONFLICT(id) DO UPDATE SET status = excluded.status, active_at = excluded.active_at,
            first_published_at = excluded.first_published_at, last_published_at = excluded.last_published_at,
            article_count = excluded.article_count, story = excluded.story, state = excluded.state`),
      indexOf: db.prepare('SELECT term, weight FROM story_terms WHERE story_id = ?'),
      deleteTerm: db.prepare('DELETE FROM story_terms WHERE term = ? AND story_id = ?'),
      insertTerm: db.prepare('INSERT OR REPLACE INTO story_terms (term, story_id, weight) VALUES (?, ?, ?)'),
      delete: db.prepare('DELETE FROM stories WHERE id = ?'),
      nextSeq: db.prepare('SELECT coalesce(max(seq), 0) + 1 AS seq FROM story_articles WHERE story_id = ?'),
      addMember: db.prepare(`INSERT OR REPLACE INTO story_articles (article_id, story_id, seq, published_at, headline, publisher, similarity, vectors)
          VALUES (@article_id, @story_id, @seq, @published_at, @headline, @publisher, @similarity, @vectors)`),
      member: db.prepare('SELECT * FROM story_articles WHERE article_id = ?'),
      removeMember: db.prepare('DELETE FROM story_articles WHERE article_id = ?'),
      members: db.prepare('SELECT * FROM story_articles WHERE story_id = ? ORDER BY seq DESC LIMIT ?'),
      span: db.prepare(`SELECT min(published_at) AS first, max(published_at) AS last, count(*) AS count
          FROM story_articles WHERE story_id = ?`),
      latest: db.prepare('SELECT max(active_at) AS t FROM stories'),
      dormant: db.prepare(`UPDATE stories SET status = 'dormant',
          story = json_set(story, '$.status', 'dormant') WHERE status = 'active' AND active_at < ?`),
      wake: db.prepare(`UPDATE stories SET status = 'active',
          story = json_set(story, '$.status', 'active') WHERE status = 'dormant' AND active_at >= ?`),
      quietDays: db.prepare('SELECT quiet_days FROM story_settings WHERE id = 1').pluck(),
      setQuietDays: db.prepare('INSERT INTO story_settings (id, quiet_days) VALUES (1, ?) ON CONFLICT(id) DO UPDATE SET quiet_days = excluded.quiet_days'),
      listAll: db.prepare('SELECT story, state, active_at FROM stories ORDER BY active_at DESC, seq DESC LIMIT ?'),
      listActive: db.prepare(`SELECT story, state, active_at FROM stories WHERE status = 'active'
          ORDER BY active_at DESC, seq DESC LIMIT ?`),
      timeline: db.prepare(`SELECT article_id, headline, publisher, published_at, similarity FROM story_articles
          WHERE story_id = ? ORDER BY published_at IS NULL, published_at, seq`),
      storyIdsOf: db.prepare('SELECT article_id, story_id FROM story_articles WHERE article_id IN (SELECT value FROM json_each(?))'),
      count: db.prepare('SELECT count(*) AS n FROM stories'),
      countActive: db.prepare("SELECT count(*) AS n FROM stories WHERE status = 'active'"),
    };
  }

  async candidates(query: ReadonlyMap<string, number>, limit: number, perTerm: number): Promise<string[]> {
    if (!query.size || limit <= 0) return [];
    const read = (term: string) => this.postings(term, perTerm);
    return sumPostings(query, read, limit).map((c) => c.id);
  }

  async states(ids: readonly string[]): Promise<StoryState[]> {
    if (!ids.length) return [];
    const rows = this.stmt.states.all(JSON.stringify(ids)) as (StoryRow & { id: string; story: string; state: string })[];
    const byId = new Map(rows.map((r) => [r.id, this.parsed.get(r, r.id)]));
    return ids.flatMap((id) => byId.get(id) ?? []);
  }

  async save(state: StoryState, indexTerms: ReadonlyMap<string, number>): Promise<void> {
    const s = state.story;
    const json = toStateJson(state);
    this.db.transaction(() => {
      this.stmt.upsert.run({
        id: s.id,
        status: s.status,
        active_at: state.activeAt ?? null,
        first: s.firstPublishedAt ?? null,
        last: s.lastPublishedAt ?? null,
        count: s.articleCount,
        story: JSON.stringify(s),
        state: JSON.stringify(json),
      });
      // Rewrite only the index rows that changed: a term in or out, or a weight off by more than 10%.
      const old = new Map((this.stmt.indexOf.all(s.id) as { term: string; weight: number }[]).map((r) => [r.term, r.weight]));
      for (const term of old.keys()) if (!indexTerms.has(term)) this.stmt.deleteTerm.run(term, s.id);
      for (const [term, weight] of indexTerms) {
        const before = old.get(term);
        if (before === undefined || Math.abs(weight - before) > 0.1 * before) this.stmt.insertTerm.run(term, s.id, weight);
      }
    })();
  }

  async delete(id: string): Promise<void> {
    this.stmt.delete.run(id);
  }

  async addMember(m: StoryMember): Promise<void> {
    const seq = (this.stmt.nextSeq.get(m.storyId) as { seq: number }).seq;
    this.stmt.addMember.run({
      article_id: m.articleId,
      story_id: m.storyId,
      seq,
      published_at: m.publishedAt ?? null,
      headline: m.headline,
      publisher: m.publisher ?? null,
      similarity: m.similarity ?? null,
      vectors: JSON.stringify({ terms: toObject(m.terms), names: toObject(m.names) }),
    });
  }

  async removeMember(articleId: string): Promise<StoryMember | undefined> {
    const row = this.stmt.member.get(articleId) as MemberRow | undefined;
    if (!row) return undefined;
    this.stmt.removeMember.run(articleId);
    return toMember(row);
  }

  async members(storyId: string, limit: number): Promise<StoryMember[]> {
    return (this.stmt.members.all(storyId, limit) as MemberRow[]).map(toMember);
  }

  async span(storyId: string): Promise<{ first?: string; last?: string; count: number }> {
    const r = this.stmt.span.get(storyId) as { first: string | null; last: string | null; count: number };
    return { first: r.first ?? undefined, last: r.last ?? undefined, count: r.count };
  }

  async latestActivity(): Promise<string | undefined> {
    return (this.stmt.latest.get() as { t: string | null }).t ?? undefined;
  }

  async markDormant(before: string): Promise<number> {
    return this.stmt.dormant.run(before).changes;
  }

  async wake(since: string): Promise<number> {
    return this.stmt.wake.run(since).changes;
  }

  async quietDays(): Promise<number | undefined> {
    return this.stmt.quietDays.get() as number | undefined;
  }

  async setQuietDays(days: number): Promise<void> {
    this.stmt.setQuietDays.run(days);
  }

  async get(id: string): Promise<Story | undefined> {
    const row = this.stmt.get.get(id) as StoryRow | undefined;
    return row ? parseStory(row.story) : undefined;
  }

  async list(options: StoryListOptions): Promise<Story[]> {
    const stmt = options.active ? this.stmt.listActive : this.stmt.listAll;
    return (stmt.all(options.limit) as StoryRow[]).map((r) => parseStory(r.story));
  }

  async timeline(id: string): Promise<TimelineEntry[]> {
    const rows = this.stmt.timeline.all(id) as TimelineRow[];
    return rows.map(toTimelineEntry);
  }

  async storyIdsOf(articleIds: readonly string[]): Promise<Map<string, string>> {
    const out = new Map<string, string>();
    if (!articleIds.length) return out;
    for (const r of this.stmt.storyIdsOf.all(JSON.stringify(articleIds)) as { article_id: string; story_id: string }[]) {
      out.set(r.article_id, r.story_id);
    }
    return out;
  }

  async count(options: { active?: boolean } = {}): Promise<number> {
    return ((options.active ? this.stmt.countActive : this.stmt.count).get() as { n: number }).n;
  }
}
