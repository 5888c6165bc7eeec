import { describe, expect, it } from 'vitest';
import { renderArticlePage } from '../../src/server/pages/article.tsx';
import { normaliseDraft } from '../../src/ingest/normalise.ts';
import type { Article, Story } from '../../src/model.ts';
import { draft } from '../helpers.ts';

const ctx = { baseUrl: 'https://archive.example', stylesheet: '/static/style.css', hasStories: true };
const story = (title: string, articleCount: number): Story => ({ id: 's1', title, keyEntities: [], keyTerms: [], articleCount, sources: [], status: 'active' });
const page = (article: Article, s?: Story) => renderArticlePage(ctx, { article, rail: [], entities: [], ...(s ? { story: s } : {}) });

describe('article page', () => {
  const article: Article = { ...normaliseDraft(draft({ section: 'Local' })), duplicateOf: undefined };

  it("names the story above the headline, or the section when the story's title is the headline itself", () => {
    expect(page(article, story('Waterfront plan', 3))).toMatch(/<p class="kicker"><a href="\/story\/s1">Waterfront plan<\/a>/);
    const alone = page(article, story(article.headline, 1));
    expect(alone).toMatch(/<p class="kicker"><a href="\/search\?section=Local">Local<\/a>/);
    expect(alone).toContain('Follow the story');
  });

  it('shows a summary-only article once, as its standfirst, with a pointer to the original', () => {
    const summary: Article = { ...article, body: [article.standfirst!] };
    const b = page(summary);
    expect(b).toContain(`<p class="standfirst">${article.standfirst}</p>`);
    expect(b).not.toContain(`<p>${article.standfirst}</p>`);
    expect(b).toContain('Only this summary was received. The full article is at <a href="https://harbourherald.example/news/waterfront-vote" rel="nofollow noopener">harbourherald.example</a>.');
  });

  it('names an agency once, as the publisher, when the byline only repeats it', () => {
    const wire: Article = { ...article, byline: 'Meridian Wire', contributors: [{ name: 'Meridian Wire' }], publisher: 'Meridian Wire' };
    const b = page(wire);
    expect(b).toContain('<p class="publisher">Meridian Wire</p>');
    expect(b).not.toContain('class="byline"');
    const reporter = page({ ...wire, contributors: [{ name: 'Meridian Wire', location: 'Valmora' }] });
    expect(reporter).toContain('class="byline"');
  });
});
