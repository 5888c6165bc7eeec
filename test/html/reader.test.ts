import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { ArticleDraftSchema } from '../../src/model.ts';
import { extractArticle, htmlReader } from '../../src/ingest/readers/html.ts';
import { page, STORY, storyHtml } from './fixtures.ts';

describe('htmlReader.detect', () => {
  const input = (contentType?: string) => ({ name: 'x', bytes: new Uint8Array(), ...(contentType ? { contentType } : {}) });
  it('recognises HTML by its start, its parts, or the declared type', () => {
    expect(htmlReader.detect('<!DOCTYPE html><html>', input())).toBe(true);
    expect(htmlReader.detect('  <html lang="en">', input())).toBe(true);
    expect(htmlReader.detect('<div><article class="x">', input())).toBe(true);
    expect(htmlReader.detect('whatever', input('text/html; charset=utf-8'))).toBe(true);
    expect(htmlReader.detect('<?xml version="1.0"?><rss>', input())).toBe(false);
    expect(htmlReader.detect('{"id": 1}', input('application/json'))).toBe(false);
  });
});

describe('htmlReader.read', () => {
  it('decodes a windows-1252 page by its meta charset', () => {
    const text = 'The café owner said the façade would be restored — at a cost of €2m — before the summer season.';
    const html = page(storyHtml([...STORY.slice(0, 3), text, ...STORY.slice(3)]), { head: '<meta http-equiv="Content-Type" content="text/html; charset=windows-1252">' }).replace('<meta charset="utf-8">', '');
    const bytes = new Uint8Array(iconv.encode(html, 'windows-1252'));
    const [outcome] = [...htmlReader.read({ name: 'page.html', bytes, url: 'https://news.example/a' })];
    expect(outcome?.ok).toBe(true);
    if (outcome?.ok) {
      expect(outcome.draft.body).toContain(text);
      expect(outcome.draft.url).toBe('https://news.example/a');
    }
  });
});

describe('metadata', () => {
  const ld = {
    '@context': 'https://schema.org',
    '@graph': [
      { '@type': 'WebSite', name: 'Example News' },
      {
        '@type': ['NewsArticle'],
        headline: 'Council approves river bridge',
        description: 'Councillors backed the plan by one vote.',
        datePublished: '2019-11-18T10:15:00+01:00',
        dateModified: '2019-11-18 12:00:00',
        author: [{ '@type': 'Person', name: 'Jane Roe', url: 'https://news.example/jane' }, 'John Doe'],
        publisher: { '@type': 'Organization', name: 'Example News' },
        image: [{ '@type': 'ImageObject', url: 'https://news.example/bridge.jpg', caption: 'The bridge' }],
        articleSection: 'Local',
        inLanguage: 'en-GB',
        mainEntityOfPage: { '@type': 'WebPage', '@id': 'https://news.example/bridge' },
      },
    ],
  };
  const head = `<script type="application/ld+json">${JSON.stringify(ld)}</script>
    <meta property="og:title" content="OG title"><meta property="og:image:alt" content="A bridge">
    <meta property="article:tag" content="Transport"><meta property="article:tag" content="Council">`;

  it('reads JSON-LD (@graph, author array, image array, publisher object) before OpenGraph', () => {
    const draft = extractArticle(page(storyHtml(), { head }), 'https://news.example/bridge?utm=1');
    expect(draft).toMatchObject({
      headline: 'Council approves river bridge',
      standfirst: 'Councillors backed the plan by one vote.',
      publishedAt: '2019-11-18T09:15:00.000Z',
      updatedAt: '2019-11-18T12:00:00.000Z',
      contributors: [{ name: 'Jane Roe', profileUrl: 'https://news.example/jane' }, { name: 'John Doe' }],
      publisher: 'Example News',
      image: { url: 'https://news.example/bridge.jpg', alt: 'A bridge', caption: 'The bridge' },
      section: 'Local',
      language: 'en-GB',
      tags: ['Transport', 'Council'],
      canonicalUrl: 'https://news.example/bridge',
      url: 'https://news.example/bridge?utm=1',
    });
    expect(() => ArticleDraftSchema.parse(draft)).not.toThrow();
  });

  it('falls back to OpenGraph, meta names, <time>, byline markup, <html lang> and <link rel=canonical>', () => {
    const head2 = `<meta property="og:title" content="Bridge approved - Example News"><meta property="og:site_name" content="Example News">
      <meta name="description" content="One vote decided it."><meta property="article:published_time" content="2019-11-18T10:15:00Z">
      <meta property="og:image" content="/img/b.jpg"><link rel="canonical" href="https://news.example/b">`;
    const before = '<div class="byline">By Jane Roe and John Doe</div>';
    const draft = extractArticle(page(storyHtml(), { head: head2, before, lang: 'fr' }), 'https://news.example/b');
    expect(draft).toMatchObject({
      headline: 'Bridge approved',
      standfirst: 'One vote decided it.',
      byline: 'Jane Roe and John Doe',
      contributors: [{ name: 'Jane Roe' }, { name: 'John Doe' }],
      publishedAt: '2019-11-18T10:15:00.000Z',
      image: { url: 'https://news.example/img/b.jpg' },
      language: 'fr',
      canonicalUrl: 'https://news.example/b',
    });
    expect(draft.body).toEqual(STORY);
  });

});
