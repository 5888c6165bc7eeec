/**
 * Property tests of the parsers that take untrusted text: bylines, the search query language (its output
 * compiles on FTS5 and, when reachable, PostgreSQL), URL normalisation, dates, the HTML reader, and the
 * draft -> Article normalisation. FUZZ_RUNS raises the run count (npm run fuzz); CI runs the default.
 */
import fc from 'fast-check';
import Database from 'better-sqlite3';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InputError } from '../../src/errors.ts';
import { parseByline } from '../../src/ingest/byline.ts';
import { parseQuery } from '../../src/search/query.ts';
import { compileTsQuery } from '../../src/store/postgres/search.ts';
import { normaliseUrl } from '../../src/ingest/url.ts';
import { toIsoUtc } from '../../src/ingest/dates.ts';
import { readInput } from '../../src/ingest/readers/index.ts';
import { htmlReader } from '../../src/ingest/readers/html.ts';
import { normaliseDraft } from '../../src/ingest/normalise.ts';
import { ArticleDraftSchema, ArticleSchema, ContributorSchema, IsoTime } from '../../src/model.ts';
import { HAVE_POSTGRES, PG_URL } from '../store/backends.ts';

const RUNS = Number(process.env.FUZZ_RUNS ?? 100);

/** Live markup that could run script (escaped text such as &lt;script&gt; is harmless and allowed). */
const UNSAFE = /<(script|iframe|svg|object|embed|style)\b|<[^>]*\son\w+\s*=|<[^>]*\s(href|src)\s*=\s*["']?\s*(javascript|data|vbscript):/i;

/** Runs fn; anything thrown but InputError fails the property. */
function onlyInputError(fn: () => void): void {
  try {
    fn();
  } catch (err) {
    if (!(err instanceof InputError)) throw err;
  }
}

const bylineText = fc.oneof(
  fc.string(),
  fc.array(fc.constantFrom('Andrew Roth', 'in', 'Moscow', 'and', ',', ' ', 'By', 'correspondent', 'Jane', 'de la', 'O’Neill', '|', '@', 'Reuters', 'and agencies', ';', '&'), { maxLength: 12 }).map((p) => p.join(' ')),
);

describe('byline parser', () => {
  it('never throws; every contributor is valid, trimmed, and no longer than the byline', () => {
    fc.assert(
      fc.property(bylineText, (b) => {
        for (const c of parseByline(b)) {
          expect(ContributorSchema.safeParse(c).success).toBe(true);
          expect(c.name).toBe(c.name.trim());
          expect(c.name.length).toBeLessThanOrEqual(b.length);
        }
      }),
      { numRuns: RUNS },
    );
  });
});

const queryText = fc.oneof(
  fc.string({ maxLength: 600 }),
  fc.array(fc.constantFrom('flood', 'barrier', 'OR', 'AND', 'NOT', '-', '(', ')', '"', '*', 'port*', '"tidal barrier"', 'NEAR', '^', ':', 'col:x', '{', '}', '+', "'", '\\'), { maxLength: 40 }).map((p) => p.join(' ')),
);

describe('search query parser', () => {
  let db: Database.Database;
  let client: pg.Client | undefined;
  beforeAll(async () => {
    db = new Database(':memory:');
    db.exec("CREATE VIRTUAL TABLE t USING fts5(headline, standfirst, body, tokenize = 'porter unicode61 remove_diacritics 2'); INSERT INTO t VALUES ('Tidal flood barrier', 'x', 'port barrier');");
    if (HAVE_POSTGRES) {
      client = new pg.Client({ connectionString: PG_URL });
      await client.connect();
    }
  });
  afterAll(async () => {
    db.close();
    await client?.end();
  });

  it('throws only InputError; its MATCH compiles on FTS5', () => {
    const stmt = (m: string) => db.prepare('SELECT count(*) AS n FROM t WHERE t MATCH ?').get(m);
    fc.assert(
      fc.property(queryText, (q) => {
        onlyInputError(() => {
          const parsed = parseQuery(q);
          if (parsed) stmt(parsed.match);
        });
      }),
      { numRuns: RUNS },
    );
  });

  it.skipIf(!HAVE_POSTGRES)('its tree compiles to a valid tsquery on PostgreSQL', async () => {
    await fc.assert(
      fc.asyncProperty(queryText, async (q) => {
        let parsed;
        try {
          parsed = parseQuery(q);
        } catch (err) {
          if (err instanceof InputError) return;
          throw err;
        }
        if (!parsed) return;
        const params: unknown[] = [];
        const sql = compileTsQuery(parsed.ast, params);
        await client!.query(`SELECT to_tsvector('english', 'tidal flood barrier') @@ ${sql} AS hit`, params);
      }),
      { numRuns: Math.min(RUNS, 300) },
    );
  });
});

describe('URL normalisation', () => {
  const urlish = fc.oneof(fc.string(), fc.webUrl({ withQueryParameters: true, withFragments: true }), fc.webUrl().map((u) => `${u}?utm_source=x&b=2&a=1#frag`), fc.constantFrom('javascript:alert(1)', 'data:text/html,x', 'HTTP://EXAMPLE.com:80/a', 'ftp://x', '//x.example/a', ' https://x.example '));
  it('never throws, returns http(s) or undefined, and is idempotent', () => {
    fc.assert(
      fc.property(urlish, (u) => {
        const n = normaliseUrl(u);
        if (n === undefined) return;
        expect(n).toMatch(/^https?:\/\//);
        expect(normaliseUrl(n)).toBe(n);
      }),
      { numRuns: RUNS },
    );
  });
});

describe('dates', () => {
  const dateish = fc.oneof(
    fc.string(),
    fc.integer(),
    fc.double(),
    fc.date({ noInvalidDate: false }),
    fc.date({ noInvalidDate: true }).map((d) => d.toUTCString()),
    fc.date({ noInvalidDate: true }).map((d) => d.toISOString().replace('Z', '+05:30')),
    fc.constantFrom('01, Feb, 2022 @7:18 PM', 'yesterday', '2026-02-30', '0000-00-00', '99999-01-01', '', 'Mon, 32 Jan 2026 25:61:00 GMT'),
  );
  it('never throws; output matches IsoTime', () => {
    fc.assert(
      fc.property(dateish, (d) => {
        const iso = toIsoUtc(d as string);
        if (iso !== undefined) expect(IsoTime.safeParse(iso).success).toBe(true);
      }),
      { numRuns: RUNS },
    );
  });
});

const TAGS = ['html', 'head', 'body', 'article', 'main', 'p', 'div', 'h1', 'h2', 'script', 'style', 'a', 'img', 'meta', 'title', 'time', 'span', 'figure', 'ul', 'li', 'iframe', 'svg'];
const htmlish = fc
  .array(
    fc.oneof(
      fc.constantFrom(...TAGS).map((t) => `<${t}>`),
      fc.constantFrom(...TAGS).map((t) => `</${t}>`),
      fc.constantFrom('<meta property="og:title" content="A', '<script type="application/ld+json">{"@type":"NewsArticle","headline":', '<!--', '-->', '<![CDATA[', '&amp;', '&#x0;', '<a href="javascript:x">', '<img src=x onerror=y>'),
      fc.string({ maxLength: 80 }),
      fc.lorem({ maxCount: 30 }),
    ),
    { maxLength: 60 },
  )
  .map((parts) => `<!doctype html>${parts.join('')}`);

describe('HTML reader on random HTML-ish input', () => {
  it('throws only InputError, within a time box; drafts are valid and carry no script', () => {
    fc.assert(
      fc.property(htmlish, (html) => {
        const started = performance.now();
        onlyInputError(() => {
          for (const o of htmlReader.read({ name: 'fuzz.html', bytes: Buffer.from(html), contentType: 'text/html' })) {
            if (!o.ok) continue;
            expect(ArticleDraftSchema.safeParse(o.draft).success).toBe(true);
            expect(o.draft.bodyHtml ?? '').not.toMatch(UNSAFE);
          }
        });
        expect(performance.now() - started).toBeLessThan(2000);
      }),
      { numRuns: RUNS },
    );
  });
});

describe('every draft normalises to a valid Article or an InputError', () => {
  const jsonl = fc
    .array(
      fc.record(
        {
          headline: fc.oneof(fc.string(), fc.lorem({ maxCount: 8 })),
          body: fc.oneof(fc.string(), fc.array(fc.oneof(fc.string(), fc.lorem({ maxCount: 40 })), { maxLength: 5 })),
          url: fc.oneof(fc.webUrl(), fc.string()),
          published: fc.oneof(fc.string(), fc.date({ noInvalidDate: true }).map((d) => d.toISOString())),
          byline: bylineText,
          bodyHtml: htmlish,
          tags: fc.array(fc.string()),
        },
        { requiredKeys: [] },
      ),
      { maxLength: 4 },
    )
    .map((rs) => rs.map((r) => JSON.stringify(r)).join('\n'));
  it('via readInput (JSONL, HTML) then normaliseDraft', () => {
    fc.assert(
      fc.property(fc.oneof(jsonl, htmlish), (text) => {
        for (const o of readInput({ name: 'fuzz', bytes: Buffer.from(text) })) {
          if (!o.ok) continue;
          expect(ArticleDraftSchema.safeParse(o.draft).success).toBe(true);
          try {
            const a = normaliseDraft(o.draft);
            expect(ArticleSchema.safeParse(a).success).toBe(true);
            expect(a.bodyHtml ?? '').not.toMatch(UNSAFE);
          } catch (err) {
            if (!(err instanceof InputError)) throw err;
          }
        }
      }),
      { numRuns: RUNS },
    );
  });
});
