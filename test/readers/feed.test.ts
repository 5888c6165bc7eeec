import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/errors.ts';
import { blankBeforeDeclaration, jsonFeedReader, xmlFeedReader } from '../../src/ingest/readers/feed.ts';
import { detectReader } from '../../src/ingest/readers/index.ts';
import { drafts, fixture, readAll, textInput } from './helpers.ts';

describe('RSS 2.0', () => {
  const outcomes = readAll(xmlFeedReader, fixture('rss2.xml'));

  it('reads full content, creator, categories, date, media image and resolves relative links', () => {
    const d = drafts(outcomes.slice(0, 1))[0]!;
    expect(d).toMatchObject({
      sourceId: 'courier-2022-0201-bridge',
      url: 'https://courier.example.org/world/2022/feb/01/harbour-bridge-closure',
      headline: 'Harbour bridge to close for six months as cracks found in main span',
      standfirst: 'Engineers say the 1960s crossing is unsafe for heavy traffic',
      byline: 'Priya Natarajan in Northbridge and Tom Ellery',
      contributors: [{ name: 'Priya Natarajan', location: 'Northbridge' }, { name: 'Tom Ellery' }],
      publisher: 'The Northbridge Courier & Gazette',
      tags: ['Northbridge', 'Transport'],
      publishedAt: '2022-02-01T19:18:00.000Z',
      image: { url: 'https://cdn.courier.example.org/img/bridge-1200.jpg', alt: 'The Harbour bridge at dusk' },
      language: 'en-gb',
    });
    expect(d.body).toEqual([
      'The Harbour bridge in Northbridge will close to all traffic from Monday after inspectors found cracks in its main span, the city council said on Tuesday.',
      'The council leader, Maria Okonkwo, said the decision was “painful but unavoidable”.',
      'Ferries will run every 15 minutes. Read the timetable.',
    ]);
    expect(d.bodyHtml).toContain('href="https://courier.example.org/world/ferries"');
    expect(d.bodyHtml).not.toMatch(/script|trackView/);
  });

  it('uses the description as standfirst and body when there is no full content; RSS author email dropped', () => {
    expect(drafts(outcomes.slice(1, 2))[0]).toMatchObject({
      sourceId: 'https://courier.example.org/world/2022/feb/02/ferry-night-crossings',
      standfirst: 'Extra services will run until 2am & fares are frozen, the operator says.',
      body: ['Extra services will run until 2am & fares are frozen, the operator says.'],
      byline: 'Tom Ellery',
      image: { url: 'https://cdn.courier.example.org/img/ferry.jpg' },
      publishedAt: '2022-02-02T07:30:00.000Z',
    });
  });

  it('an entry without a title takes its first sentence; one with no text at all is a per-item error', () => {
    expect(drafts(outcomes.slice(2, 3))[0]!.headline).toBe('Commuters queued for an hour at the ferry terminal on the first morning of the closure.');
    expect(outcomes[3]).toEqual({ ok: false, label: 'rss2.xml#4', error: 'entry has no title and no text' });
  });

  it('tolerates bare ampersands and the RSS 0.91 DOCTYPE', () => {
    const xml = '<?xml version="1.0"?><!DOCTYPE rss PUBLIC "-//Netscape Communications//DTD RSS 0.91//EN" "http://my.netscape.com/publish/formats/rss-0.91.dtd"><rss version="0.91"><channel><title>Old</title><item><title>Fish & chips</title><link>http://x.example/?a=1&b=2</link><description>Text.</description></item></channel></rss>';
    expect(drafts(readAll(xmlFeedReader, textInput('old.xml', xml)))[0]).toMatchObject({ headline: 'Fish & chips', url: 'http://x.example/?a=1&b=2' });
  });
});

describe('RSS 1.0 (RDF)', () => {
  it('reads items beside the channel with dc: fields', () => {
    expect(drafts(readAll(xmlFeedReader, fixture('rdf.xml')))).toEqual([
      {
        sourceId: 'https://bulletin.example.com/2022/02/library-reopens',
        url: 'https://bulletin.example.com/2022/02/library-reopens',
        headline: 'Library reopens after flood repairs',
        standfirst: 'The central library reopened on Friday after eight months of repairs.',
        body: ['The central library reopened on Friday after eight months of repairs.'],
        byline: 'Ola Berg',
        contributors: [{ name: 'Ola Berg' }],
        publisher: 'Hillside Bulletin',
        tags: ['Libraries'],
        publishedAt: '2022-02-04T09:00:00.000Z',
      },
    ]);
  });
});

describe('Atom', () => {
  const [river, reservoir] = drafts(readAll(xmlFeedReader, fixture('atom.xml')));

  it('reads html content, authors, categories, dates with offsets, the alternate link and an image enclosure', () => {
    expect(river).toMatchObject({
      sourceId: 'tag:ledger.example.net,2022:river-levels',
      url: 'https://ledger.example.net/environment/2022/02/03/river-levels',
      headline: 'River levels fall below drought threshold',
      standfirst: 'The Teal is at its lowest February level since records began.',
      body: ['The River Teal fell below the drought threshold on Thursday, the water agency said.', 'Farmers have been asked to stop irrigating & to report dry wells.'],
      contributors: [{ name: 'Hannah Brook' }, { name: 'Samir Haddad' }],
      publisher: 'Valley Ledger – Environment',
      tags: ['Drought', 'rivers'],
      publishedAt: '2022-02-03T09:15:00.000Z',
      updatedAt: '2022-02-03T10:40:00.000Z',
      image: { url: 'https://ledger.example.net/img/river.png' },
      language: 'en',
    });
  });

  it('keeps xhtml content as markup and falls back to updated and to feed authors', () => {
    expect(reservoir).toMatchObject({
      body: ['The county approved a £40m expansion of the Highmoor reservoir.', 'Work starts in May.'],
      publishedAt: '2022-02-02T16:00:00.000Z',
      byline: 'Valley Ledger staff',
      contributors: [],
    });
    expect(reservoir!.bodyHtml).toContain('<strong>£40m</strong>');
  });
});

describe('JSON Feed', () => {
  const [storm, power] = drafts(readAll(jsonFeedReader, fixture('jsonfeed.json')));

  it('reads content_html, summary, authors, tags, image and dates', () => {
    expect(storm).toMatchObject({
      sourceId: 'cw-1042',
      url: 'https://coastline.example.com/2022/02/05/storm-warning',
      headline: 'Storm warning issued for the north coast',
      standfirst: 'Amber warning covers Saturday afternoon and evening',
      body: ['Forecasters issued an amber warning for winds of up to 80mph on Saturday.', 'Schools in three districts will close early.'],
      contributors: [{ name: 'Lena Fischer' }, { name: 'Marco Ruiz' }],
      publisher: 'Coastline Weekly',
      tags: ['weather', 'storms'],
      publishedAt: '2022-02-05T13:00:00.000Z',
      updatedAt: '2022-02-05T14:30:00.000Z',
      image: { url: 'https://coastline.example.com/img/storm.jpg' },
      language: 'en-US',
    });
  });

  it('an untitled content_text item gets its first sentence as headline and paragraphs from blank lines', () => {
    expect(power).toMatchObject({ headline: 'Power was restored to 12,000 homes overnight.', body: [expect.stringMatching(/^Power/), expect.stringMatching(/^The utility/)] });
    expect(power!.bodyHtml).toBeUndefined();
  });

  it('detects by the version URL', () => {
    expect(jsonFeedReader.detect('{"version": "https://jsonfeed.org/version/1", "items": []}', textInput('f', ''))).toBe(true);
    expect(jsonFeedReader.detect('{"title": "x"}', textInput('f', ''))).toBe(false);
  });
});

describe('bad feeds', () => {
  it('malformed XML is an InputError naming the problem', () => {
    expect(() => readAll(xmlFeedReader, fixture('malformed.xml'))).toThrow(/malformed XML at line 2.*closing tag/);
    const cut = textInput('cut.rss', '<rss version="2.0"><channel><title>Harbour Herald</title><item><title>Ferry</title></item>');
    expect(() => readAll(xmlFeedReader, cut)).toThrow('malformed XML: the document ends with <rss>, <channel> still open (cut short?)');
  });

  it('a malformed entry is one error naming its place in the input; the feed\'s other entries still yield', () => {
    const rss = textInput('harbour.rss', [
      '<?xml version="1.0"?>',
      '<rss version="2.0"><channel><title>Harbour Herald</title><link>https://harbour.example/</link>',
      '<item><title>Strike ends</title><link>https://harbour.example/a1</link><description>Dock workers returned to work on Monday.</description></item>',
      '<item><title>Broken <b>item</title><link>https://harbour.example/a2</link><description>An unclosed tag.</description></item>',
      '<item><title>Bridge reopens</title><link>https://harbour.example/a3</link><description>The bridge reopened on Friday.</description></item>',
      '</channel></rss>',
    ].join('\n'));
    const outcomes = readAll(xmlFeedReader, rss);
    expect(outcomes.map((o) => [o.label, o.ok])).toEqual([['harbour.rss#1', true], ['harbour.rss#2', false], ['harbour.rss#3', true]]);
    expect(outcomes[1]).toMatchObject({ error: "malformed XML at line 4, column 28: Expected closing tag 'b' (opened in line 4, col 21) instead of closing tag 'title'." });
    expect(outcomes[2]).toMatchObject({ draft: { headline: 'Bridge reopens', url: 'https://harbour.example/a3', publisher: 'Harbour Herald' } });
    const atom = textInput('wire.atom', '<feed xmlns="http://www.w3.org/2005/Atom"><title>Meridian Wire</title>'
      + '<entry><title>Ferry fares rise</title><id>w1</id><summary>Fares rise in June.</summary></entry>'
      + '<entry><title>Oops</title><id>w2</id><summary>Text <i>cut</summary></entry></feed>');
    // One line: columns are the input's own, not those of the entry parsed apart.
    expect(readAll(xmlFeedReader, atom).map((o) => [o.label, o.ok ? o.draft.headline : o.error])).toEqual([
      ['wire.atom#1', 'Ferry fares rise'],
      ['wire.atom#2', "malformed XML at line 1, column 223: Expected closing tag 'i' (opened in line 1, col 217) instead of closing tag 'summary'."],
    ]);
  });

  it('a feed behind what the server printed before its XML declaration (a PHP warning) is read, its places the input\'s own', () => {
    const rss = textInput('wp.rss', [
      '<br />',
      '<b>Warning</b>:  Cannot modify header information - headers already sent in <b>/var/www/wp-includes/feed-rss2.php</b> on line <b>8</b><br />',
      '<?xml version="1.0" encoding="UTF-8"?>',
      '<rss version="2.0"><channel><title>Harbour Herald</title>',
      '<item><title>Strike ends</title><link>https://harbour.example/a1</link><description>Dock workers returned to work on Monday.</description></item>',
      '<item><title>Broken <b>item</title><link>https://harbour.example/a2</link><description>An unclosed tag.</description></item>',
      '</channel></rss>',
    ].join('\n'));
    expect(detectReader(rss).name).toBe('feed');
    expect(readAll(xmlFeedReader, rss).map((o) => [o.label, o.ok ? o.draft.headline : o.error])).toEqual([
      ['wp.rss#1', 'Strike ends'],
      ['wp.rss#2', "malformed XML at line 6, column 28: Expected closing tag 'b' (opened in line 6, col 21) instead of closing tag 'title'."],
    ]);
    const notice = textInput('notice.rss', 'Deprecated: create_function() is deprecated in /var/www/x.php on line 3\n<?xml version="1.0"?><rss version="2.0"><channel><title>Harbour Herald</title><item><title>Bridge reopens</title><description>The bridge reopened.</description></item></channel></rss>');
    expect(detectReader(notice).name).toBe('feed');
    expect(drafts(readAll(xmlFeedReader, notice))[0]).toMatchObject({ headline: 'Bridge reopens' });
    // A declaration quoted inside a feed that has none of its own is content, not where a document starts.
    const quoting = textInput('code.rss', '<rss version="2.0"><channel><title>Code Notes</title><item><title>Reading feeds</title><description><![CDATA[<p>A feed opens with <?xml version="1.0"?> and its root.</p>]]></description></item></channel></rss>');
    expect(detectReader(quoting).name).toBe('feed');
    expect(drafts(readAll(xmlFeedReader, quoting))[0]).toMatchObject({ headline: 'Reading feeds' });
    // A stylesheet instruction is no declaration: a comment before it is part of the document.
    expect(blankBeforeDeclaration('<!-- made by hand --><?xml-stylesheet href="a.xsl"?><rss/>')).toBe('<!-- made by hand --><?xml-stylesheet href="a.xsl"?><rss/>');
  });

  it('a feed with no entries is an InputError', () => {
    expect(() => readAll(xmlFeedReader, fixture('no-entries.xml'))).toThrow(new InputError('feed has no entries'));
    expect(() => readAll(jsonFeedReader, textInput('f.json', '{"version":"https://jsonfeed.org/version/1.1","title":"x","items":[]}'))).toThrow(/no entries/);
  });

  it('refuses entity declarations (billion laughs, external entities)', () => {
    const bomb = '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]><rss><channel><item><title>&lol2;</title></item></channel></rss>';
    const external = '<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]><rss><channel><item><title>&x;</title></item></channel></rss>';
    for (const xml of [bomb, external]) expect(() => readAll(xmlFeedReader, textInput('evil.xml', xml))).toThrow(/entity declarations/);
  });

  it('XML that is not a feed is an InputError', () => {
    expect(() => readAll(xmlFeedReader, textInput('x.xml', '<?xml version="1.0"?><note><to>A</to></note>'))).toThrow(/not a feed/);
  });
});

describe('publisherOfFeed', () => {
  it('drops a generic section name from a feed title, in either position', async () => {
    const { publisherOfFeed } = await import('../../src/ingest/readers/feed.ts');
    expect(publisherOfFeed('Meridian Wire - All stories')).toBe('Meridian Wire');
    expect(publisherOfFeed('BBC News - World')).toBe('BBC News');
    expect(publisherOfFeed('World news | The Guardian')).toBe('The Guardian');
    expect(publisherOfFeed('Tom - Jerry Show')).toBe('Tom - Jerry Show');
  });
});
