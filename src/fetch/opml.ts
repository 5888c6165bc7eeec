/** OPML import and export of feed subscriptions (fast-xml-parser both ways). */
import { XMLBuilder, XMLParser } from 'fast-xml-parser';
import { InputError } from '../errors.ts';
import type { Subscription } from '../store/subscriptions.ts';

export interface OpmlFeed {
  url: string;
  title?: string;
}

type Outline = Record<string, unknown> & { outline?: Outline | Outline[] };

function asArray<T>(v: T | T[] | undefined): T[] {
  return v === undefined ? [] : Array.isArray(v) ? v : [v];
}

/** Every outline with an xmlUrl, however deeply nested in folders. */
export function parseOpml(text: string): OpmlFeed[] {
  const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@_', processEntities: true, htmlEntities: true });
  let doc: { opml?: { body?: { outline?: Outline | Outline[] } } };
  try {
    doc = parser.parse(text) as typeof doc;
  } catch (err) {
    throw new InputError(`not OPML: ${(err as Error).message}`);
  }
  if (!doc.opml || typeof doc.opml !== 'object') throw new InputError('not OPML: no <opml> element');
  const feeds: OpmlFeed[] = [];
  const walk = (outlines: Outline[]) => {
    for (const o of outlines) {
      const url = o['@_xmlUrl'] ?? o['@_xmlurl'];
      if (typeof url === 'string' && url.trim()) {
        const title = o['@_title'] ?? o['@_text'];
        feeds.push({ url: url.trim(), title: typeof title === 'string' && title.trim() ? title.trim() : undefined });
      }
      walk(asArray(o.outline));
    }
  };
  walk(asArray(doc.opml.body?.outline));
  return feeds;
}

/** An OPML 2.0 document of the feed subscriptions (Guardian searches are not feeds and are left out). */
export function buildOpml(subscriptions: readonly Subscription[], now = new Date()): string {
  const builder = new XMLBuilder({ ignoreAttributes: false, attributeNamePrefix: '@_', format: true, suppressEmptyNode: true });
  const outline = subscriptions
    .filter((s) => s.kind === 'feed')
    .map((s) => ({ '@_type': 'rss', '@_text': s.title ?? s.url, '@_title': s.title ?? s.url, '@_xmlUrl': s.url }));
  return builder.build({
    '?xml': { '@_version': '1.0', '@_encoding': 'UTF-8' },
    opml: {
      '@_version': '2.0',
      head: { title: 'Storyline subscriptions', dateCreated: now.toUTCString() },
      body: { outline },
    },
  }) as string;
}
