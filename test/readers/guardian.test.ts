import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/errors.ts';
import { htmlToParagraphs } from '../../src/ingest/html-text.ts';
import { guardianReader } from '../../src/ingest/readers/guardian.ts';
import { SHARED, drafts, fixture, hasShared, readAll, shared, textInput } from './helpers.ts';

const CAPI = 'reference/guardian-capi/';
const read = (path: string) => drafts(readAll(guardianReader, shared(CAPI + path)));
/** The saved response itself: expected texts come from it at run time (none is copied into the repository). */
const raw = (path: string) => JSON.parse(shared(CAPI + path).bytes.toString()).response;

describe.skipIf(!hasShared)('guardian reader: saved Content API responses (../shared)', () => {
  const SEARCH = 'search_2012-02-22_show-fields-all_show-tags-all.json';
  const SHELL = 'item_2012-08-19_shell-nigeria_show-related_relatedContent.json';
  const SYRIA = 'item_2012-11-08_world-syria-arms-embargo_show-fields-all_storyPackage.json';
  const QUINOA = 'item_2013-01-16_cif-quinoa-bolivia_show-fields-all_tags_elements.json';

  it('reads all four saved responses', () => {
    const files = readdirSync(SHARED + CAPI).filter((f) => f.endsWith('.json'));
    expect(files.sort()).toEqual([SHELL, SYRIA, QUINOA, SEARCH].sort());
    for (const f of files) expect(read(f).length).toBeGreaterThan(0);
  });

  it('search: one draft per result with fields, tags and contributors', () => {
    const response = raw(SEARCH);
    const out = read(SEARCH);
    expect(out).toHaveLength(response.results.length);
    const [live] = out;
    const source = response.results[0];
    expect(live).toMatchObject({
      sourceId: source.id,
      url: source.webUrl,
      canonicalUrl: source.webUrl,
      headline: source.fields.headline.replace(/\s+/g, ' '),
      byline: 'Brian Whitaker and Haroon Siddique',
      contributors: [
        { name: 'Brian Whitaker', profileUrl: 'http://www.guardian.co.uk/profile/brianwhitaker' },
        { name: 'Haroon Siddique', profileUrl: 'http://www.guardian.co.uk/profile/haroonsiddique' },
      ],
      publisher: 'The Guardian',
      section: 'World news',
      publishedAt: '2012-02-22T08:55:00.000Z',
      updatedAt: '2012-02-22T08:56:42.000Z',
      image: { url: source.fields.thumbnail },
      language: 'en',
    });
    // A standfirst with <br /> breaks reads as one line with "; " between its parts.
    expect(live!.standfirst).toBe(source.fields.standfirst.split(/<br \/>/).join('; '));
    expect(live!.tags).toEqual(source.tags.filter((t: { type: string }) => t.type === 'keyword').map((t: { webTitle: string }) => t.webTitle));
    expect(live!.body).toEqual([live!.standfirst]); // no body in the response: the standfirst stands for it
  });

  it('item with relatedContent: ten related items with standfirst, contributors, date, url, image', () => {
    const response = raw(SHELL);
    const [shell] = read(SHELL);
    expect(shell!.headline).toBe(response.content.fields.headline);
    expect(shell!.contributors!.map((c) => c.name)).toEqual(['Afua Hirsch', 'John Vidal']);
    expect(shell!.sourceRelated).toHaveLength(10);
    expect(shell!.sourceRelated!.map((r) => r.url)).toEqual(response.relatedContent.map((r: { webUrl: string }) => r.webUrl));
    const first = shell!.sourceRelated![0]!;
    expect(first).toMatchObject({ headline: response.relatedContent[0].fields.headline, publishedAt: '2010-03-10T15:19:03.000Z' });
    expect(first.standfirst).toBeTruthy();
    expect(first.standfirst).not.toMatch(/[<>]/);
    expect(first.image?.url).toMatch(/^http:\/\/static\.guim\.co\.uk\//);
    expect(first.contributors!.map((c) => c.name)).toEqual(['Eric Hilaire', 'Shiona Tregaskis']);
  });

  it('item with storyPackage and full fields: body, bodyHtml, byline roles merged with profile URLs', () => {
    const response = raw(SYRIA);
    const [syria] = read(SYRIA);
    expect(syria!.byline).toBe('Nicholas Watt in Amman and Ian Black, Middle East editor');
    expect(syria!.contributors).toEqual([
      { name: 'Nicholas Watt', location: 'Amman', profileUrl: 'http://www.guardian.co.uk/profile/nicholaswatt' },
      { name: 'Ian Black', role: 'Middle East editor', profileUrl: 'http://www.guardian.co.uk/profile/ianblack' },
    ]);
    expect(syria!.body).toEqual(htmlToParagraphs(response.content.fields.body));
    expect(syria!.body.length).toBeGreaterThan(10);
    expect(syria!.bodyHtml).toMatch(/^<p>/);
    expect(syria!.bodyHtml).not.toMatch(/<script|on\w+=/i);
    expect(syria!.sourceRelated).toHaveLength(10);
    expect(syria!.sourceRelated![0]).toMatchObject({ headline: response.storyPackage[0].fields.headline, byline: 'Harriet Sherwood in Jerusalem' });
    expect(syria!.sourceRelated![0]!.contributors![0]).toEqual({
      name: 'Harriet Sherwood',
      location: 'Jerusalem',
      profileUrl: 'http://www.guardian.co.uk/profile/harrietsherwood',
    });
  });

  it('item with elements: main image with alt and caption; theguardian.com publication is The Guardian', () => {
    const response = raw(QUINOA);
    const [quinoa] = read(QUINOA);
    const widest = response.content.elements[0].assets.sort((a: { typeData: { width: string } }, b: { typeData: { width: string } }) => Number(b.typeData.width) - Number(a.typeData.width))[0];
    expect(quinoa!.headline).toBe(response.content.fields.headline);
    expect(quinoa!.publisher).toBe('The Guardian');
    expect(quinoa!.section).toBe('Comment is free');
    expect(quinoa!.tags).toEqual(expect.arrayContaining(['Bolivia', 'Veganism']));
    expect(quinoa!.image).toEqual({ url: widest.file, alt: widest.typeData.altText, caption: widest.typeData.caption });
    expect(quinoa!.updatedAt).toBe('2014-05-21T13:40:59.000Z');
    expect(quinoa!.contributors).toEqual([{ name: 'Joanna Blythman', profileUrl: 'http://www.theguardian.com/profile/joannablythman' }]);
  });
});

// The fixtures below are SYNTHETIC (invented text in the Content API's current shape), so CI without
// ../shared still covers the reader.
describe('guardian reader: synthetic fixtures', () => {
  it('search response', () => {
    const [bridge, ferry] = drafts(readAll(guardianReader, fixture('guardian-search.json')));
    expect(bridge).toMatchObject({
      sourceId: 'world/2022/feb/01/harbour-bridge-closure-northbridge',
      headline: 'Harbour bridge to close for six months as cracks found in main span',
      standfirst: 'Engineers say the crossing is unsafe for heavy traffic',
      body: ['The Harbour bridge will close from Monday.', 'Ferries will run every 15 minutes & fares are frozen.'],
      contributors: [
        { name: 'Priya Natarajan', location: 'Northbridge', profileUrl: 'https://www.theguardian.com/profile/priya-natarajan' },
        { name: 'Tom Ellery' },
      ],
      tags: ['Northbridge', 'Transport'],
      image: { url: 'https://media.example.com/bridge/500.jpg' },
      publishedAt: '2022-02-01T19:18:00.000Z',
      language: 'en',
    });
    expect(ferry).toMatchObject({ standfirst: 'Extra services until 2am; Fares frozen', contributors: [], publisher: 'The Observer', body: ['Extra services until 2am; Fares frozen'] });
  });

  it('item response with relatedContent, storyPackage (without the item itself) and elements', () => {
    const [river] = drafts(readAll(guardianReader, fixture('guardian-item.json')));
    expect(river!.contributors).toEqual([
      { name: 'Hannah Brook', role: 'environment correspondent', profileUrl: 'https://www.theguardian.com/profile/hannah-brook' },
      { name: 'Samir Haddad', location: 'Kessel', profileUrl: 'https://www.theguardian.com/profile/samir-haddad' },
    ]);
    expect(river!.body).toEqual(['The River Teal fell below the drought threshold on Thursday.', 'Farmers have been asked to stop irrigating.']);
    expect(river!.bodyHtml).not.toContain('<p></p>');
    expect(river!.image).toEqual({ url: 'https://media.example.com/river/1000.jpg', alt: 'Dry riverbed', caption: 'Dry riverbed near Kessel' });
    expect(river!.sourceRelated).toEqual([
      {
        headline: 'Reservoir works approved',
        standfirst: 'County backs £40m expansion',
        byline: 'Hannah Brook',
        contributors: [{ name: 'Hannah Brook', profileUrl: 'https://www.theguardian.com/profile/hannah-brook' }],
        publishedAt: '2022-02-02T16:00:00.000Z',
        url: 'https://www.theguardian.com/environment/2022/feb/02/reservoir-works',
        image: { url: 'https://media.example.com/reservoir/140.jpg' },
      },
      {
        headline: 'Hosepipe ban likely, water company warns',
        standfirst: 'First ban in the region since 2012',
        contributors: [],
        publishedAt: '2022-01-20T10:00:00.000Z',
        url: 'https://www.theguardian.com/environment/2022/jan/20/hosepipe-ban',
      },
    ]);
  });

  it('uses fields.bodyText when there is no HTML body', () => {
    const json = { response: { status: 'ok', content: { id: 'a/b', webTitle: 'Title', webUrl: 'https://x.example/a/b', fields: { bodyText: 'One.\n\nTwo.', lang: 'fr' } } } };
    const [d] = drafts(readAll(guardianReader, textInput('t.json', JSON.stringify(json))));
    expect(d).toMatchObject({ headline: 'Title', body: ['One.', 'Two.'], language: 'fr', publisher: 'The Guardian' });
  });

  it('an error response is an InputError with the API message', () => {
    expect(() => readAll(guardianReader, fixture('guardian-error.json'))).toThrow(new InputError('Guardian API error: The requested resource could not be found.'));
  });

  it('malformed JSON and a response with neither content nor results are InputErrors', () => {
    expect(() => readAll(guardianReader, fixture('malformed-guardian.json'))).toThrow(/malformed Guardian API JSON/);
    expect(() => readAll(guardianReader, textInput('x.json', '{"response":{"status":"ok"}}'))).toThrow(/neither "content" nor "results"/);
  });
});
