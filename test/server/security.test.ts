import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp, type StorylineApp } from '../../src/server/app.ts';
import { LIMITS, normaliseDraft } from '../../src/ingest/normalise.ts';
import { createPipeline } from '../../src/ingest/stages.ts';
import { draft, tempStore } from '../helpers.ts';

let app: StorylineApp;
let cleanup: () => Promise<void>;
let id: string;

beforeAll(async () => {
  const t = await tempStore();
  cleanup = t.cleanup;
  const r = await createPipeline(t.store).ingestDraft(
    draft({ bodyHtml: '<p onclick="x()">Hi <a href="javascript:alert(1)">x</a><script>alert(2)</script><iframe src="https://e.example"></iframe><img src="data:image/png;base64,AA" onerror="y()"></p>' }),
    'test',
  );
  if (!r.ok) throw new Error(r.error);
  id = r.id;
  app = await buildApp({ store: t.store });
});
afterAll(async () => {
  await app.close();
  await cleanup();
});

describe('security headers', () => {
  for (const [what, url] of [['an HTML page', '/'], ['an article page', ''], ['a JSON route', '/api/v1/articles'], ['a feed', '/feed/latest.rss'], ['a 404', '/no/such/page'], ['an API 404', '/api/v1/nope']]) {
    it(`on ${what}`, async () => {
      const res = await app.inject({ method: 'GET', url: url || `/article/${id}` });
      const csp = String(res.headers['content-security-policy']);
      expect(csp).toContain("script-src 'none'");
      expect(csp).toContain("default-src 'self'");
      expect(csp).toContain("frame-ancestors 'none'");
      expect(csp).not.toMatch(/unsafe-inline|unsafe-eval/);
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      expect(res.headers['referrer-policy']).toBe('strict-origin-when-cross-origin');
      expect(res.headers['x-frame-options']).toBeTruthy();
    });
  }

  it('the article page has no inline script to execute', async () => {
    const res = await app.inject({ method: 'GET', url: `/article/${id}` });
    expect(res.statusCode).toBe(200);
    // JSON-LD is data (type application/ld+json), never executed; no other script elements.
    const scripts = [...res.body.matchAll(/<script\b[^>]*>/gi)].map((m) => m[0]);
    for (const s of scripts) expect(s).toMatch(/application\/ld\+json/);
    expect(res.body).not.toMatch(/onclick|onerror|javascript:/i);
  });
});

describe('stored HTML is sanitised at ingest', () => {
  it('normaliseDraft sanitises bodyHtml from any source (the safety net behind the readers)', () => {
    const a = normaliseDraft(draft({ bodyHtml: '<p style="x" onclick="x()">Text <a href="javascript:alert(1)">bad</a> <a href="/rel">rel</a></p><script>alert(1)</script><iframe></iframe><svg onload="z()"></svg><img src="javascript:x">' }));
    expect(a.bodyHtml).toBeDefined();
    expect(a.bodyHtml).not.toMatch(/script|onclick|javascript:|iframe|svg|style=|onload/i);
    expect(a.bodyHtml).toContain('href="https://harbourherald.example/rel"');
    expect(normaliseDraft(draft({ bodyHtml: '<script>only()</script>' })).bodyHtml).toBeUndefined();
  });
});

describe('untrusted lists are capped at ingest', () => {
  it('keeps at most LIMITS.tags tags and LIMITS.contributors contributors, each name cut to its limit', () => {
    const many = Array.from({ length: 5_000 }, (_, i) => `Tag ${i} ${'x'.repeat(500)}`);
    const a = normaliseDraft(draft({ tags: many, contributors: many.map((name) => ({ name })) }));
    expect(a.tags).toHaveLength(LIMITS.tags);
    expect(a.contributors).toHaveLength(LIMITS.contributors);
    expect(Math.max(...a.tags.map((t) => t.length))).toBe(LIMITS.tag);
    expect(Math.max(...a.contributors.map((c) => c.name.length))).toBe(LIMITS.name);
  });
});
