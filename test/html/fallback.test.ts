import { describe, expect, it, vi } from 'vitest';
import { extractArticle } from '../../src/ingest/readers/html.ts';
import { page, STORY, storyHtml } from './fixtures.ts';

// Readability finding nothing (parse() returning null) must not lose a page that has plain paragraphs.
vi.mock('@mozilla/readability', () => ({
  Readability: class {
    parse() {
      return null;
    }
  },
}));

describe('fallback', () => {
  it('uses the densest paragraph container when Readability returns null', () => {
    expect(extractArticle(page(storyHtml())).body).toEqual(STORY);
  });
});
