/**
 * Readers on random input: readInput never throws (bad input is an { ok: false } outcome) and every draft
 * it yields passes ArticleDraftSchema. FUZZ_RUNS raises the run count (npm run fuzz).
 */
import fc from 'fast-check';
import { describe, it } from 'vitest';
import { readInput } from '../../src/ingest/readers/index.ts';
import { ArticleDraftSchema } from '../../src/model.ts';

const RUNS = Number(process.env.FUZZ_RUNS ?? 150);

function check(text: string): void {
  for (const o of readInput({ name: 'fuzz', bytes: Buffer.from(text) })) {
    if (o.ok && !ArticleDraftSchema.safeParse(o.draft).success) throw new Error(`invalid draft: ${JSON.stringify(o.draft)}`);
  }
}

const value = fc.oneof(
  fc.string(),
  fc.integer(),
  fc.constant(null),
  fc.boolean(),
  fc.array(fc.string()),
  fc.dictionary(fc.string(), fc.string()),
  fc.array(fc.dictionary(fc.constantFrom('name', 'url', '#text', 'file', 'headline'), fc.string())),
);
const KEYS = [
  'title', 'headline', 'body', 'id', 'url', 'published', 'author', 'authors', 'tags', 'image', 'content_html', 'content_text',
  'summary', 'date_published', 'sourceRelated', 'contributors', 'byline', 'fields', 'webTitle', 'elements', 'mediaAssets', 'items',
];
const record = fc.dictionary(fc.constantFrom(...KEYS), value);
const xmlText = fc.string().map((s) => s.replace(/[<&]/g, ' '));
const XML_TAGS = ['title', 'link', 'description', 'pubDate', 'dc:creator', 'category', 'guid', 'content:encoded', 'media:content', 'enclosure', 'summary', 'content', 'author', 'id', 'published'];
const TEXT_LINES = ['Related Content', 'Article image', '01, Feb, 2022 @7:18 PM', '', 'The GuardianTramp', 'Andrew Roth in Moscow'];

describe('readers on random input', () => {
  it('any string', () => fc.assert(fc.property(fc.string(), check), { numRuns: RUNS }));

  it('JSON objects and JSON Lines with article-like keys', () => {
    fc.assert(fc.property(record, (o) => check(JSON.stringify(o))), { numRuns: RUNS });
    fc.assert(fc.property(fc.array(record), (os) => check(os.map((o) => JSON.stringify(o)).join('\n'))), { numRuns: RUNS });
  });

  it('JSON Feed and Guardian envelopes around random items', () => {
    fc.assert(fc.property(record, (o) => check(JSON.stringify({ version: 'https://jsonfeed.org/version/1.1', items: [o, { ...o, authors: [o] }] }))), { numRuns: RUNS });
    fc.assert(
      fc.property(record, (o) => check(JSON.stringify({ response: { status: 'ok', content: { ...o, fields: o, tags: [o] }, relatedContent: [o], storyPackage: [o, 1] } }))),
      { numRuns: RUNS },
    );
    fc.assert(fc.property(record, (o) => check(JSON.stringify({ response: { status: 'ok', results: [o, { ...o, fields: o }] } }))), { numRuns: RUNS });
  });

  it('RSS, Atom and RDF with random elements', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.constantFrom(...XML_TAGS), xmlText)), fc.constantFrom('rss', 'feed', 'rdf'), (elements, root) => {
        const inner = elements.map(([tag, text]) => `<${tag}>${text}</${tag}>`).join('');
        if (root === 'rss') check(`<rss><channel><title>x</title><item>${inner}</item><item>${inner}</item></channel></rss>`);
        else if (root === 'feed') check(`<feed><entry>${inner}</entry></feed>`);
        else check(`<rdf:RDF><channel/><item>${inner}</item></rdf:RDF>`);
      }),
      { numRuns: RUNS },
    );
  });

  it('text pages made of reference-page lines', () => {
    fc.assert(fc.property(fc.array(fc.oneof(fc.string(), fc.constantFrom(...TEXT_LINES))), (lines) => check(lines.join('\n'))), { numRuns: RUNS });
  });
});
