import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { parseHTML } from 'linkedom';
import { buildApp, type StorylineApp } from '../../src/server/app.ts';
import { tempStore } from '../helpers.ts';
import { loadFixture, type Fixture } from './fixtures.ts';

let app: StorylineApp;
let bare: StorylineApp;
let fx: Fixture;
let cleanup: () => Promise<void>;

beforeAll(async () => {
  const t = await tempStore();
  cleanup = t.cleanup;
  fx = await loadFixture(t.store);
  app = await buildApp({ store: t.store, hooks: fx.hooks, publicUrl: 'https://storyline.example' });
  bare = await buildApp({ store: t.store, hooks: {} });
});
afterAll(async () => {
  await app.close();
  await bare.close();
  await cleanup();
});

const get = (url: string, headers: Record<string, string> = {}, which = () => app) => which().inject({ method: 'GET', url, headers });

describe('pages', () => {
  it('home lists the latest articles and the hot stories', async () => {
    const res = await get('/');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/html; charset=utf-8/);
    expect(res.body).toMatch(/^<!doctype html>/);
    expect(res.body).toContain('Oyster festival returns');
    expect(res.body).toContain('<h2 id="hot-heading" class="section-heading">Top stories</h2>');
    expect(res.body).toContain('href="/story/story-flood"');
  });

  it('home pages back through older articles', async () => {
    const res = await get('/?before=2026-03-03T00:00:00.000Z');
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('Porthaven approves');
    expect(res.body).not.toContain('Oyster festival returns');
  });

  it('article page: headline, standfirst, byline links, body, rail with reasons, story link, chips, publisher links', async () => {
    const res = await get(`/article/${fx.ids['flood-1']}`);
    expect(res.statusCode).toBe(200);
    const b = res.body;
    expect(b).toContain('<h1 class="headline">Porthaven approves £40m tidal flood barrier after winter storms</h1>');
    expect(b).toContain('Mayor Mara Ellison says the barrier');
    expect(b).toContain('<a href="/contributor/Priya%20Natarajan" rel="author">Priya Natarajan</a> in Porthaven');
    expect(b).toContain('The Harbour Herald');
    expect(b).toContain('Related Content');
    expect(b).toContain('Tidewater Engineering wins contract');
    expect(b).toMatch(/Shares: [^<]*Porthaven/);
    expect(b).toContain('Same story');
    expect(b).toContain('href="/story/story-flood"');
    expect(b).toContain('href="/entity/person/Mara%20Ellison"');
    expect(b).toContain('From the publisher');
    expect(b).toContain('https://harbourherald.example/archive/1953-surge');
    expect(b).toContain('<time datetime="2026-03-02T09:15:00.000Z">2 Mar 2026, 09:15 UTC</time>');
  });

  it('article page carries NewsArticle JSON-LD and OpenGraph tags', async () => {
    const res = await get(`/article/${fx.ids['flood-2']}`);
    const ld = /<script type="application\/ld\+json">(.*?)<\/script>/s.exec(res.body)?.[1];
    expect(ld).toBeDefined();
    const json = JSON.parse(ld!);
    expect(json['@type']).toBe('NewsArticle');
    expect(json.headline).toBe('Tidewater Engineering wins contract for Porthaven barrier');
    expect(json.author.map((a: { name: string }) => a.name)).toEqual(['Tomas Reyes', 'Aiko Brandt']);
    expect(json.publisher.name).toBe('Coastal Post');
    expect(json.datePublished).toBe('2026-03-04T14:30:00.000Z');
    expect(res.body).toContain('<meta property="og:type" content="article"/>');
    expect(res.body).toContain(`<meta property="og:url" content="https://storyline.example/article/${fx.ids['flood-2']}"/>`);
    expect(res.body).toContain(`<link rel="canonical" href="https://storyline.example/article/${fx.ids['flood-2']}"/>`);
  });

  it('shows the attribution line for licensed text and renders stored body HTML', async () => {
    const licensed = await get(`/article/${fx.ids['probe-1']}`);
    expect(licensed.body).toMatch(/Source: Science Wire — “Vesper probe launches[^”]*” \(<a href="https:\/\/sciencewire.example\/space\/vesper-launch"/);
    expect(licensed.body).toContain('licensed under <a href="https://creativecommons.org/licenses/by/2.5/" rel="license noopener">CC BY 2.5</a>');
    const html = await get(`/article/${fx.ids['probe-2']}`);
    expect(html.body).toContain('<strong>Vesper</strong>');
  });

  it('hostile article content renders inert', async () => {
    const res = await get(`/article/${fx.ids['hostile']}`);
    expect(res.statusCode).toBe(200);
    const b = res.body;
    // Parsed as a browser would: no script but the JSON-LD, no event handlers, no javascript: links, no frames.
    const { document } = parseHTML(b);
    const scripts = [...document.querySelectorAll('script')];
    expect(scripts.map((el) => el.getAttribute('type'))).toEqual(['application/ld+json']);
    for (const el of document.querySelectorAll('*')) {
      for (const attr of el.attributes) {
        expect(attr.name.startsWith('on'), `${el.tagName} ${attr.name}`).toBe(false);
        expect(attr.value.trim().toLowerCase().startsWith('javascript:'), `${el.tagName} ${attr.name}`).toBe(false);
      }
    }
    expect(document.querySelectorAll('iframe, object, embed').length).toBe(0);
    expect(document.querySelector('.article-body')!.textContent).toContain('Safe text');
    expect(b).toContain('Hostile &lt;script>alert(&quot;headline&quot;)&lt;/script> test');
    // JSON-LD keeps the headline but cannot close its script element.
    const ld = /<script type="application\/ld\+json">(.*?)<\/script>/s.exec(b)![1]!;
    expect(ld).not.toContain('<');
    expect(JSON.parse(ld).headline).toContain('<script>');
    expect(res.headers['content-security-policy']).toContain("script-src 'none'");
  });

  it('a duplicate redirects to its original', async () => {
    const { store } = app.siteData;
    const { createPipeline } = await import('../../src/ingest/stages.ts');
    const { FIXTURE } = await import('./fixtures.ts');
    const original = FIXTURE.find((a) => a.key === 'strike-1')!.draft;
    const dup = await createPipeline(store).ingestDraft({ ...original, url: 'https://syndicated.example/copy' }, 'dup');
    expect(dup.ok && dup.status).toBe('duplicate');
    const res = await get(`/article/${dup.ok ? dup.id : ''}`);
    expect(res.statusCode).toBe(301);
    expect(res.headers.location).toBe(`/article/${fx.ids['strike-1']}`);
    const api = await get(`/api/v1/articles/${dup.ok ? dup.id : ''}`);
    expect(api.statusCode).toBe(301);
    expect(api.headers.location).toBe(`/api/v1/articles/${fx.ids['strike-1']}`);
  });

  it('the rendered-page cache serves a new version as soon as the article changes', async () => {
    const { createPipeline } = await import('../../src/ingest/stages.ts');
    const { FIXTURE } = await import('./fixtures.ts');
    const draft = FIXTURE.find((a) => a.key === 'chess')!.draft;
    const url = `/article/${fx.ids['chess']}`;
    expect((await get(url)).body).toContain('library club');
    expect((await get(url)).body).toContain('library club');
    const r = await createPipeline(app.siteData.store).ingestDraft({ ...draft, body: ['Lio Marsh, fifteen, has been invited to the national squad after winning the Calder open.'] }, 'update');
    expect(r.ok && r.status).toBe('updated');
    const after = await get(url);
    expect(after.body).toContain('national squad');
    expect(after.body).not.toContain('library club');
  });

  it('story page: timeline in date order, accessible chart, key entities, sources', async () => {
    const res = await get('/story/story-strike');
    expect(res.statusCode).toBe(200);
    const b = res.body;
    const order = ['Northline Rail drivers to strike', 'Calder commuters stranded', 'reach deal to end strike'].map((h) => b.indexOf(h));
    expect(order.every((i) => i > 0)).toBe(true);
    expect([...order].sort((x, y) => x - y)).toEqual(order);
    expect(b).toMatch(/<svg[^>]*role="img"[^>]*aria-labelledby="story-chart-title story-chart-desc"/);
    expect(b).toContain('<title id="story-chart-title">');
    expect(b).toContain('<desc id="story-chart-desc">3 articles from 3 Mar 2026 to 6 Mar 2026, by day');
    expect(b).toContain('Show the numbers');
    expect(b).toContain('href="/entity/organisation/Northline%20Rail"');
    expect(b).toContain('Daily Ledger');
  });

  it('stories list, entity page and contributor page', async () => {
    const stories = await get('/stories');
    expect(stories.statusCode).toBe(200);
    expect(stories.body).toContain('The Vesper probe mission');
    expect(stories.body).toContain('Porthaven builds a tidal flood barrier');
    expect(stories.body).toContain('<a href="/stories?active=true">Developing</a>');
    expect(stories.body).toContain('<meta name="description" content="Every story in the archive, most recently updated first."/>');
    const developing = await get('/stories?active=true');
    expect(developing.body).toContain('<h1 class="page-title">Developing stories</h1>');
    expect(developing.body).toContain('<meta name="description" content="Stories with a new article lately, most recently updated first."/>');
    expect(developing.body).toContain('<a href="/stories?active=true" aria-current="page">Developing</a>');
    expect(developing.body).toContain('The Vesper probe mission');
    expect(developing.body).not.toContain('Porthaven builds a tidal flood barrier');
    expect((await get('/stories?active=perhaps')).statusCode).toBe(404);
    const entity = await get('/entity/place/Porthaven');
    expect(entity.statusCode).toBe(200);
    expect(entity.body).toContain('<h1 class="page-title">Porthaven</h1>');
    expect(entity.body).not.toContain('Also: Porthaven'); // its name is not shown again as an alias
    expect(entity.body).toContain('Mentions over time');
    expect(entity.body).toContain('Oyster festival returns');
    expect(entity.body).toContain('href="/story/story-flood"');
    const person = await get('/contributor/jonah%20adeyemi');
    expect(person.statusCode).toBe(200);
    expect(person.body).toContain('<h1 class="page-title">Jonah Adeyemi</h1>');
    expect(person.body).toContain('3 articles');
    expect(person.body).toContain('transport correspondent');
    expect(person.body).toContain('filing from Calder');
    expect(person.body).toContain('Vesper mission team works around thruster fault');
    expect(person.body).toContain('Articles over time');
    expect((await get('/entity/contributor/Jonah%20Adeyemi')).headers.location).toBe('/contributor/Jonah%20Adeyemi');
  });

  it('search page: highlighted results, filters, errors', async () => {
    const res = await get('/search?q=barrier&publisher=The+Harbour+Herald');
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('2 results for “barrier”');
    expect(res.body).toMatch(/<mark>barrier<\/mark>/i);
    expect(res.body).not.toContain('Tidewater Engineering wins');
    const byEntity = await get('/search?entity=Calder&sort=date');
    expect(byEntity.body).toContain('3 results');
    const empty = await get('/search');
    expect(empty.statusCode).toBe(200);
    expect(empty.body).toContain('<form class="search-form"');
    const bad = await get('/search?q=NOT+barrier');
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('cannot only exclude');
    for (const from of ['yesterday', '2026-13-45', '2026-02-30']) {
      const badDate = await get(`/search?q=x&from=${from}`);
      expect(badDate.statusCode, from).toBe(400);
      expect(badDate.body).toContain('Please check from');
      expect((await get(`/api/v1/search?q=x&from=${from}`)).statusCode, from).toBe(400);
    }
  });

  it('friendly HTML 404s', async () => {
    for (const url of ['/nope', '/article/0000000000000000', '/story/none', '/entity/person/Nobody', '/contributor/Nobody', '/entity/alien/x']) {
      const res = await get(url);
      expect(res.statusCode, url).toBe(404);
      expect(res.headers['content-type']).toMatch(/^text\/html/);
      expect(res.body).toContain('Page not found');
    }
  });

  it('without hooks, pages leave out what has no data', async () => {
    const res = await get(`/article/${fx.ids['flood-1']}`, {}, () => bare);
    expect(res.statusCode).toBe(200);
    expect(res.body).not.toContain('Related Content');
    expect(res.body).not.toContain('In this article');
    expect(res.body).toContain('From the publisher');
    const home = await get('/', {}, () => bare);
    expect(home.body).not.toContain('Top stories');
    expect(home.body).not.toContain('href="/stories"');
    expect((await get('/story/story-flood', {}, () => bare)).statusCode).toBe(404);
    expect((await get('/contributor/Priya%20Natarajan', {}, () => bare)).statusCode).toBe(200);
  });
});

describe('HTTP behaviour', () => {
  it('sets security headers', async () => {
    const res = await get('/');
    expect(res.headers['content-security-policy']).toMatch(/default-src 'self'/);
    expect(res.headers['content-security-policy']).not.toContain('unsafe-inline');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['referrer-policy']).toBe('strict-origin-when-cross-origin');
  });

  it('ETag and 304 on pages and API reads', async () => {
    for (const url of ['/', `/article/${fx.ids['flood-1']}`, '/api/v1/articles', `/api/v1/articles/${fx.ids['flood-1']}`, '/feed/latest.atom']) {
      const first = await get(url);
      expect(first.statusCode, url).toBe(200);
      const etag = first.headers.etag as string;
      expect(etag, url).toMatch(/^W\/"/);
      expect(first.headers['cache-control'], url).toMatch(/max-age=\d+/);
      const second = await get(url, { 'if-none-match': etag });
      expect(second.statusCode, url).toBe(304);
      expect(second.body).toBe('');
    }
  });

  it('serves one stylesheet with long cache headers', async () => {
    const home = await get('/');
    const href = /<link rel="stylesheet" href="([^"]+)"/.exec(home.body)![1]!;
    const css = await get(href);
    expect(css.statusCode).toBe(200);
    expect(css.headers['content-type']).toMatch(/text\/css/);
    expect(css.headers['cache-control']).toMatch(/max-age=31536000/);
    expect(css.body).toContain('prefers-color-scheme: dark');
  });

  it('robots.txt and sitemap.xml', async () => {
    const robots = await get('/robots.txt');
    expect(robots.body).toContain('Sitemap: https://storyline.example/sitemap.xml');
    const sitemap = await get('/sitemap.xml');
    expect(XMLValidator.validate(sitemap.body)).toBe(true);
    expect(sitemap.body).toContain(`https://storyline.example/article/${fx.ids['chess']}`);
    expect(sitemap.body).toContain('https://storyline.example/story/story-probe');
  });
});

describe('JSON API', () => {
  it('lists articles with a cursor', async () => {
    const res = await get('/api/v1/articles?limit=5');
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    const body = res.json();
    expect(body.articles).toHaveLength(5);
    expect(body.articles[0].headline).toContain('Oyster festival');
    const next = (await get(`/api/v1/articles?limit=5&before=${encodeURIComponent(body.next)}`)).json();
    expect(next.articles[0].id).not.toBe(body.articles[4].id);
  });

  it('article, home, stories, story, entity, contributor', async () => {
    const a = (await get(`/api/v1/articles/${fx.ids['flood-1']}`)).json();
    expect(a.article.headline).toContain('Porthaven approves');
    expect(a.rail[0].reasons.sameStory).toBe(true);
    expect(a.story.id).toBe('story-flood');
    expect(a.entities[0]).toEqual({ name: 'Porthaven', type: 'place', count: 4 });
    expect((await get('/api/v1/home')).json().hotStories).toHaveLength(3);
    expect((await get('/api/v1/stories')).json().stories).toHaveLength(3);
    expect((await get('/api/v1/stories?active=true')).json().stories.map((s: { id: string }) => s.id)).toEqual(['story-probe']);
    expect((await get('/api/v1/stories?active=false')).json().stories).toHaveLength(3);
    expect((await get('/api/v1/stories?active=yes')).statusCode).toBe(400);
    const s = (await get('/api/v1/stories/story-probe')).json();
    expect(s.timeline.map((c: { publishedAt: string }) => c.publishedAt)).toEqual([...s.timeline.map((c: { publishedAt: string }) => c.publishedAt)].sort());
    expect(s.perDay.reduce((n: number, d: { count: number }) => n + d.count, 0)).toBe(3);
    const e = (await get('/api/v1/entities/person/Mara%20Ellison')).json();
    expect(e.total).toBe(3);
    const c = (await get('/api/v1/contributors/Priya%20Natarajan?pageSize=1')).json();
    expect(c.total).toBe(3);
    expect(c.articles).toHaveLength(1);
  });

  it('search with phrases, filters, sort and pages', async () => {
    const r = (await get('/api/v1/search?q=%22tidal+flood+barrier%22')).json();
    expect(r.total).toBe(1);
    expect(r.results[0].headlineHtml).toBe('Porthaven approves £40m <mark>tidal flood barrier</mark> after winter storms');
    const or = (await get('/api/v1/search?q=strike+OR+probe&sort=date&pageSize=2&page=2')).json();
    expect(or.total).toBeGreaterThanOrEqual(4);
    expect(or.results).toHaveLength(2);
    expect(or.page).toBe(2);
    const dated = (await get('/api/v1/search?from=2026-03-05&to=2026-03-06')).json();
    expect(dated.results.map((x: { headline: string }) => x.headline).sort()).toEqual(['Calder commuters stranded on first day of rail strike', 'Northline Rail and drivers reach deal to end strike']);
    const bySection = (await get('/api/v1/search?q=vesper&section=science&contributor=aiko+brandt')).json();
    expect(bySection.total).toBe(2);
  });

  it('errors are JSON with the status', async () => {
    for (const [url, status] of [
      ['/api/v1/articles/zzz', 404],
      ['/api/v1/nothing', 404],
      ['/api/v1/stories/none', 404],
      ['/api/v1/search?q=NOT+x', 400],
      ['/api/v1/search?pageSize=51', 400],
      ['/api/v1/search?q=' + 'x'.repeat(501), 400],
      ['/api/v1/entities/alien/x', 400],
    ] as const) {
      const res = await get(url);
      expect(res.statusCode, url).toBe(status);
      expect(res.headers['content-type'], url).toMatch(/^application\/json/);
      expect(res.json(), url).toEqual({ error: { status, message: expect.any(String) } });
    }
  });

  it('documents every API route in OpenAPI 3.1', async () => {
    const doc = (await get('/openapi.json')).json();
    expect(doc.openapi).toBe('3.1.0');
    const documented = Object.keys(doc.paths);
    const apiRoutes = app.routeList.filter((r) => r.method === 'GET' && r.url.startsWith('/api/'));
    expect(apiRoutes.length).toBe(8);
    // Every registered API route is documented.
    for (const r of apiRoutes) expect(documented).toContain(r.url.replace(/:(\w+)/g, '{$1}'));
    for (const path of ['/api/v1/home', '/api/v1/articles', '/api/v1/articles/{id}', '/api/v1/search', '/api/v1/stories', '/api/v1/stories/{id}', '/api/v1/entities/{type}/{name}', '/api/v1/contributors/{name}']) {
      expect(documented).toContain(path);
    }
    // Write routes: documented, behind the bearer scheme.
    const writes = app.routeList.filter((r) => (r.method === 'POST' || r.method === 'DELETE') && r.url.startsWith('/api/'));
    expect(writes.length).toBe(3);
    for (const r of writes) {
      const op = doc.paths[r.url.replace(/:(\w+)/g, '{$1}')]?.[r.method.toLowerCase()];
      expect(op?.operationId).toBeTruthy();
      expect(op.security).toEqual([{ bearerAuth: [] }]);
      expect(op.responses['401']).toBeTruthy();
    }
    expect(doc.components.securitySchemes.bearerAuth).toMatchObject({ type: 'http', scheme: 'bearer' });
    for (const [path, item] of Object.entries(doc.paths) as [string, { get?: Record<string, any> }][]) {
      const op = item.get;
      if (!op) continue;
      expect(op.operationId).toBeTruthy();
      expect(op.responses['200'].content['application/json'].schema.type).toBe('object');
      const pathParams = [...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]);
      expect(op.parameters.filter((p: { in: string }) => p.in === 'path').map((p: { name: string }) => p.name)).toEqual(pathParams);
      for (const p of op.parameters) expect(p.schema).toBeTypeOf('object');
    }
  });
});

describe('feeds', () => {
  const parser = new XMLParser({ ignoreAttributes: false });

  it('RSS, Atom and JSON Feed of the latest articles parse back', async () => {
    const rss = await get('/feed/latest.rss');
    expect(rss.headers['content-type']).toMatch(/^application\/rss\+xml/);
    expect(XMLValidator.validate(rss.body)).toBe(true);
    const channel = parser.parse(rss.body).rss.channel;
    expect(channel.item.length).toBeGreaterThanOrEqual(12);
    const hostile = channel.item.find((i: { title: string }) => i.title.startsWith('Hostile'));
    expect(hostile.title).toBe('Hostile <script>alert("headline")</script> test');
    expect(channel['atom:link']['@_href']).toBe('https://storyline.example/feed/latest.rss');

    const atom = await get('/feed/latest.atom');
    expect(atom.headers['content-type']).toMatch(/^application\/atom\+xml/);
    expect(XMLValidator.validate(atom.body)).toBe(true);
    const feed = parser.parse(atom.body).feed;
    expect(feed['@_xmlns']).toBe('http://www.w3.org/2005/Atom');
    expect(feed.entry[0].link['@_href']).toMatch(/^https:\/\/storyline.example\/article\//);

    const json = await get('/feed/latest.json');
    expect(json.headers['content-type']).toMatch(/^application\/feed\+json/);
    const jf = json.json();
    expect(jf.version).toBe('https://jsonfeed.org/version/1.1');
    expect(jf.items[0].title).toContain('Oyster festival');
  });

  it('search, story, entity and contributor feeds', async () => {
    const search = parser.parse((await get('/feed/search.rss?q=strike')).body).rss.channel;
    expect(search.title).toBe('Storyline search: strike');
    expect([search.item].flat().length).toBe(3);
    const story = await get('/feed/story/story-flood.atom');
    expect(story.statusCode).toBe(200);
    expect(parser.parse(story.body).feed.entry).toHaveLength(3);
    const entity = await get('/feed/entity/organisation/Vesper.json');
    expect(entity.json().items).toHaveLength(3);
    const contributor = await get('/feed/contributor/Aiko%20Brandt.rss');
    expect(XMLValidator.validate(contributor.body)).toBe(true);
    expect((await get('/feed/story/story-flood.txt')).statusCode).toBe(404);
    expect((await get('/feed/story/none.atom')).statusCode).toBe(404);
    expect((await get('/feed/search.rss?q=NOT+x')).statusCode).toBe(400);
  });
});
