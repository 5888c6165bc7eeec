/**
 * Upgrading an archive made before migrations 009 (document counter) and 010 (term postings), before
 * rails became one row each (SQLite 013, PostgreSQL 014), before profiles were stored as pairs (SQLite
 * 014, PostgreSQL 015) and before entity counts were kept (SQLite 015, PostgreSQL 016): the migrations
 * fill the new tables from what the archive holds, with the same content that ingest writes.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Pipeline } from '../../src/ingest/pipeline.ts';
import { pipelineStages } from '../../src/ingest/stages.ts';
import { openStore } from '../../src/store/open.ts';
import { applyMigrations } from '../../src/store/sqlite/store.ts';
import type { Store } from '../../src/store/store.ts';
import Database from 'better-sqlite3';
import { backends, execSql } from './backends.ts';
import { transfer, volcano, budget } from '../stories/fixtures.ts';

/** Also profiles back as JSON objects, and no entity counts, as before the profile-pairs and entity-counts migrations. */
const UNDO: Record<'sqlite' | 'postgres', string> = {
  sqlite: `DROP TABLE related_postings; DROP TABLE term_totals;
    DROP TRIGGER article_terms_counted; DROP TRIGGER article_terms_uncounted;
    UPDATE related_profiles SET
      terms = (SELECT json_group_object(j.value ->> 0, j.value ->> 1) FROM json_each(related_profiles.terms) j),
      entities = (SELECT json_group_object(j.value ->> 0, j.value ->> 1) FROM json_each(related_profiles.entities) j);
    DROP TABLE related_entity_df; DROP TRIGGER related_entity_counted; DROP TRIGGER related_entity_uncounted;
    DELETE FROM schema_migrations WHERE id IN ('009-term-totals', '010-related-postings', '014-related-profile-pairs', '015-related-entity-counts')`,
  postgres: `DROP TABLE related_postings; DROP TABLE term_totals; DROP FUNCTION count_article_terms CASCADE;
    UPDATE related_profiles SET
      terms = (SELECT coalesce(jsonb_object_agg(e ->> 0, e -> 1), '{}') FROM jsonb_array_elements(related_profiles.terms) e),
      entities = (SELECT coalesce(jsonb_object_agg(e ->> 0, e -> 1), '{}') FROM jsonb_array_elements(related_profiles.entities) e);
    DROP TABLE related_entity_df; DROP FUNCTION count_related_entities CASCADE;
    DELETE FROM schema_migrations WHERE id IN ('009-term-totals', '010-related-postings', '015-related-profile-pairs', '016-related-entity-counts')`,
};

/** The rails table as it was before rails became one row each, and the migration forgotten. */
const OLD_RAILS: Record<'sqlite' | 'postgres', string> = {
  sqlite: `DROP TABLE related_rails;
    CREATE TABLE related_rails (article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE, rank INTEGER NOT NULL,
      related_id TEXT NOT NULL, score REAL NOT NULL, reasons TEXT NOT NULL, PRIMARY KEY (article_id, rank)) WITHOUT ROWID;
    CREATE INDEX related_rails_related ON related_rails(related_id);
    DELETE FROM schema_migrations WHERE id = '013-related-rail-rows'`,
  postgres: `DROP TABLE related_rails;
    CREATE TABLE related_rails (article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE, rank INTEGER NOT NULL,
      related_id TEXT NOT NULL, score DOUBLE PRECISION NOT NULL, reasons JSONB NOT NULL, PRIMARY KEY (article_id, rank));
    CREATE INDEX related_rails_related ON related_rails(related_id);
    DELETE FROM schema_migrations WHERE id = '014-related-rail-rows'`,
};

/**
 * The three large-row tables as they were before SQLite 019-021 (WITHOUT ROWID, profiles with their
 * stamp column), with the same rows, and the migrations forgotten.
 */
const WITHOUT_ROWID_TABLES = `
  CREATE TABLE article_terms_old (article_id TEXT PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE, counts TEXT NOT NULL) WITHOUT ROWID;
  INSERT INTO article_terms_old SELECT article_id, counts FROM article_terms;
  DROP TABLE article_terms;
  ALTER TABLE article_terms_old RENAME TO article_terms;
  CREATE TRIGGER article_terms_counted AFTER INSERT ON article_terms BEGIN UPDATE term_totals SET documents = documents + 1 WHERE id = 1; END;
  CREATE TRIGGER article_terms_uncounted AFTER DELETE ON article_terms BEGIN UPDATE term_totals SET documents = documents - 1 WHERE id = 1; END;
  CREATE TABLE story_articles_old (article_id TEXT PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
    story_id TEXT NOT NULL REFERENCES stories(id) ON DELETE CASCADE, seq INTEGER NOT NULL, published_at TEXT,
    headline TEXT NOT NULL, publisher TEXT, similarity REAL, vectors TEXT NOT NULL) WITHOUT ROWID;
  INSERT INTO story_articles_old SELECT article_id, story_id, seq, published_at, headline, publisher, similarity, vectors FROM story_articles;
  DROP TABLE story_articles;
  ALTER TABLE story_articles_old RENAME TO story_articles;
  CREATE INDEX story_articles_story ON story_articles(story_id, published_at);
  CREATE INDEX story_articles_story_seq ON story_articles(story_id, seq);
  CREATE TABLE related_profiles_old (article_id TEXT PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
    archive_size INTEGER NOT NULL, terms TEXT NOT NULL, entities TEXT NOT NULL, stamp INTEGER NOT NULL DEFAULT 0) WITHOUT ROWID;
  INSERT INTO related_profiles_old (article_id, archive_size, terms, entities) SELECT article_id, archive_size, terms, entities FROM related_profiles;
  DROP TABLE related_profiles;
  ALTER TABLE related_profiles_old RENAME TO related_profiles;
  DELETE FROM schema_migrations WHERE id IN ('019-article-terms-rowid', '020-story-articles-rowid', '021-related-profiles-rowid')`;

const LARGE_ROW_TABLES = ['article_terms', 'story_articles', 'related_profiles'];

/** The large-row tables that are WITHOUT ROWID in an SQLite file. */
function withoutRowid(path: string): string[] {
  const db = new Database(path, { readonly: true });
  try {
    const rows = db.prepare(`SELECT name, sql FROM sqlite_master WHERE type = 'table' AND name IN (${LARGE_ROW_TABLES.map(() => '?').join(', ')})`).all(...LARGE_ROW_TABLES) as { name: string; sql: string }[];
    expect(rows.map((r) => r.name).sort()).toEqual([...LARGE_ROW_TABLES].sort());
    return rows.filter((r) => /WITHOUT ROWID/i.test(r.sql)).map((r) => r.name).sort();
  } finally {
    db.close();
  }
}

describe('upgrading an SQLite archive whose large-row tables are WITHOUT ROWID', () => {
  let store: Store;
  let url: string;
  let cleanup: () => Promise<void>;
  beforeEach(async () => ({ store, url, cleanup } = await backends.find((b) => b.name === 'sqlite')!.open()));
  afterEach(async () => cleanup());

  it('rebuilds term counts, story members and profiles as ordinary tables, every row and trigger kept', async () => {
    const ids: string[] = [];
    for (const d of [volcano.first(), transfer(), budget('2026-03-02T11:00:00.000Z')]) {
      const r = await new Pipeline(store, pipelineStages()).ingestDraft(d, 'test');
      if (!r.ok) throw new Error(r.error);
      ids.push(r.id);
    }
    const counts = await store.terms.counts(ids);
    const profiles = await store.related.profiles(ids);
    const stories = await store.stories.storyIdsOf(ids);
    const members = await Promise.all([...new Set(stories.values())].map((id) => store.stories.members(id, 10)));
    await execSql('sqlite', url, WITHOUT_ROWID_TABLES);
    expect(withoutRowid(url)).toEqual([...LARGE_ROW_TABLES].sort());

    const upgraded = await openStore(url);
    try {
      expect(withoutRowid(url)).toEqual([]);
      expect(await upgraded.terms.counts(ids)).toEqual(counts);
      expect(await upgraded.related.profiles(ids)).toEqual(profiles);
      expect(await upgraded.stories.storyIdsOf(ids)).toEqual(stories);
      expect(await Promise.all([...new Set(stories.values())].map((id) => upgraded.stories.members(id, 10)))).toEqual(members);
      // The document counter's triggers came back with the table: one more article is counted.
      const r = await new Pipeline(upgraded, pipelineStages()).ingestDraft(volcano.followUp(), 'test');
      expect(r.ok).toBe(true);
      expect(await upgraded.terms.documentCount()).toBe(ids.length + 1);
      expect(await upgraded.check()).toEqual([]);
    } finally {
      await upgraded.close();
    }
  });
});

for (const backend of backends) {
  describe.skipIf(!backend.available)(`upgrading an older archive (${backend.name})`, () => {
    async function ingestAll(): Promise<string[]> {
      const ids: string[] = [];
      for (const d of [volcano.first(), transfer(), budget('2026-03-02T11:00:00.000Z'), volcano.followUp()]) {
        const r = await new Pipeline(store, pipelineStages()).ingestDraft(d, 'test');
        if (!r.ok) throw new Error(r.error);
        ids.push(r.id);
      }
      return ids;
    }

    let store: Store;
    let url: string;
    let cleanup: () => Promise<void>;
    beforeEach(async () => ({ store, url, cleanup } = await backend.open()));
    afterEach(async () => cleanup());

    it('fills the document counter, term postings and entity counts from the stored rows, and stores profiles as pairs', async () => {
      const ids = await ingestAll();
      const profiles = await store.related.profiles(ids);
      const query = profiles.get(ids[0]!)!;
      const terms = [...query.terms].slice(0, 10).map(([term, weight]) => ({ term, weight }));
      const before = await store.related.similarByTerms(terms, 200, 10);
      const documents = await store.terms.documentCount();
      const keys = [...new Set([...(await store.related.entities.of(ids)).values()].flat().map((e) => e.key))];
      const counts = await store.related.entities.frequencies(keys);
      expect(Math.max(...counts.values())).toBeGreaterThan(1);
      expect(documents).toBe(4);

      // The schema as it was before the two migrations; the test's own store is not used after this.
      await execSql(backend.name, url, UNDO[backend.name]);
      const upgraded = await openStore(url);
      try {
        expect(await upgraded.terms.documentCount()).toBe(documents);
        expect(await upgraded.related.similarByTerms(terms, 200, 10)).toEqual(before);
        expect(await upgraded.related.profiles(ids)).toEqual(profiles);
        expect(await upgraded.related.entities.frequencies(keys)).toEqual(counts);
        expect(await upgraded.check()).toEqual([]);
      } finally {
        await upgraded.close();
      }
    });

    it('turns rails of one row per entry into one row per rail, with the same entries and reasons', async () => {
      const ids = await ingestAll();
      const before = new Map(await Promise.all(ids.map(async (id) => [id, await store.related.rail(id)] as const)));
      expect([...before.values()].some((r) => r.length > 0)).toBe(true);
      const quote = (x: string) => `'${x.replaceAll("'", "''")}'`;
      const rows = [...before].flatMap(([id, rail]) => rail.map((e) => `(${quote(id)}, ${e.rank}, ${quote(e.articleId)}, ${e.score}, ${quote(JSON.stringify(e.reasons))})`));
      await execSql(backend.name, url, `${OLD_RAILS[backend.name]}; INSERT INTO related_rails (article_id, rank, related_id, score, reasons) VALUES ${rows.join(', ')}`);
      const upgraded = await openStore(url);
      try {
        for (const id of ids) expect(await upgraded.related.rail(id)).toEqual(before.get(id));
        expect(await upgraded.check()).toEqual([]);
      } finally {
        await upgraded.close();
      }
    });
  });
}

describe('SQLite migrations when several processes open an archive at once', () => {
  it('skips a migration that another process applied after this one looked, and applies the rest', () => {
    const db = new Database(':memory:');
    try {
      // The first migration plays the other process: by the time this one reaches the second migration,
      // the other has made it and recorded it.
      const migrations = [
        { id: '001-first', sql: `CREATE TABLE a (x); CREATE TABLE b (x); INSERT INTO schema_migrations (id, applied_at) VALUES ('002-second', 'elsewhere')` },
        { id: '002-second', sql: 'CREATE TABLE b (x)' },
        { id: '003-third', sql: 'CREATE TABLE c (x)' },
      ];
      applyMigrations(db, migrations);
      expect(db.prepare('SELECT id, applied_at = ? AS elsewhere FROM schema_migrations ORDER BY id').all('elsewhere')).toEqual([
        { id: '001-first', elsewhere: 0 },
        { id: '002-second', elsewhere: 1 },
        { id: '003-third', elsewhere: 0 },
      ]);
      expect(db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' AND name IN ('a', 'b', 'c') ORDER BY name`).pluck().all()).toEqual(['a', 'b', 'c']);
    } finally {
      db.close();
    }
  });

  it('names a migration that fails, and leaves nothing of it behind', () => {
    const db = new Database(':memory:');
    try {
      const migrations = [
        { id: '001-first', sql: 'CREATE TABLE a (x)' },
        { id: '002-broken', sql: 'CREATE TABLE b (x); INSERT INTO nowhere VALUES (1)' },
      ];
      expect(() => applyMigrations(db, migrations)).toThrow('migration 002-broken failed: no such table: nowhere');
      expect(db.prepare('SELECT id FROM schema_migrations').pluck().all()).toEqual(['001-first']);
      expect(db.prepare(`SELECT name FROM sqlite_master WHERE name = 'b'`).all()).toEqual([]);
    } finally {
      db.close();
    }
  });
});
