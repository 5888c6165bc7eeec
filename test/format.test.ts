import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { bylineIsPublisher, escapeHtml, highlightedText, plural } from '../src/format.ts';

describe('highlightedText', () => {
  it('gives back the text escapeHtml escaped, whatever it holds', () => {
    fc.assert(fc.property(fc.string(), (text) => highlightedText(escapeHtml(text)) === text));
  });

  it('turns search highlights into the given marks, or drops them', () => {
    const html = `<mark>Kessel</mark> &#38; <mark>Arbeloa</mark> say &#34;no&#34;`;
    expect(highlightedText(html)).toBe('Kessel & Arbeloa say "no"');
    expect(highlightedText(html, '[', ']')).toBe('[Kessel] & [Arbeloa] say "no"');
  });
});

describe('plural', () => {
  it('counts one in the singular and the rest in the plural, with thousands separated', () => {
    expect(plural(1, 'article')).toBe('1 article');
    expect(plural(0, 'article')).toBe('0 articles');
    expect(plural(1204, 'article')).toBe('1,204 articles');
    expect(plural(2, 'person', 'people')).toBe('2 people');
  });
});

describe('bylineIsPublisher', () => {
  it('tells a byline that only names the publisher from one that names people or places', () => {
    const wire = { byline: 'Meridian Wire', contributors: [{ name: 'Meridian Wire' }], publisher: 'Meridian Wire' };
    expect(bylineIsPublisher(wire)).toBe(true);
    expect(bylineIsPublisher({ ...wire, contributors: [], byline: 'meridian wire' })).toBe(true);
    expect(bylineIsPublisher({ ...wire, contributors: [], byline: 'Meridian Wire staff' })).toBe(false);
    expect(bylineIsPublisher({ ...wire, contributors: [{ name: 'Meridian Wire', location: 'Valmora' }] })).toBe(false);
    expect(bylineIsPublisher({ ...wire, contributors: [{ name: 'Meridian Wire' }, { name: 'Sam Okoro' }] })).toBe(false);
    expect(bylineIsPublisher({ ...wire, publisher: undefined })).toBe(false);
  });
});
