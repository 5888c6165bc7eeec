/**
 * OPML import and export of feed subscriptions (fast-xml-parser both ways). How often a feed is polled
 * and whether its article pages are fetched travel as attributes in Storyline's own namespace (OPML 2.0
 * allows attributes it does not describe only in a namespace); other readers ignore them. Reaching
 * private addresses never travels: a file must not grant it.
 */
import { XMLBuilder, XMLParser } from 'fast-xml-parser';
import { InputError } from '../errors.ts';
import type { Subscription } from '../store/subscriptions.ts';
import { formatInterval } from './subscribe.ts';

/** The namespace of Storyline's outline attributes, and the prefix this module writes for it. */
export const OPML_NAMESPACE = 'urn:storyline:opml:1';
const PREFIX = 'storyline';

export interface OpmlFeed {
  url: string;
  title?: string;
  /** How often to poll it ("30m"), when the file says. */
  every?: string;
  /** Fetch every entry's article page, when the file says. */
  fullText?: boolean;
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
  // The prefix the file binds to Storyline's namespace on its root, whatever it is called there.
  const root = doc.opml as Record<string, unknown>;
  const prefix = Object.keys(root).find((k) => k.startsWith('@_xmlns:') && root[k] === OPML_NAMESPACE)?.slice('@_xmlns:'.length);
  const own = (o: Outline, name: string) => {
    const v = prefix ? o[`@_${prefix}:${name}`] : undefined;
    return typeof v === 'string' && v.trim() ? v.trim() : undefined;
  };
  const feeds: OpmlFeed[] = [];
  const walk = (outlines: Outline[]) => {
    for (const o of outlines) {
      const url = o['@_xmlUrl'] ?? o['@_xmlurl'];
      if (typeof url === 'string' && url.trim()) {
        const title = o['@_title'] ?? o['@_text'];
        const every = own(o, 'every');
        const fullText = own(o, 'fullText');
        feeds.push({
          url: url.trim(),
          title: typeof title === 'string' && title.trim() ? title.trim() : undefined,
          ...(every ? { every } : {}),
          ...(fullText === 'true' || fullText === 'false' ? { fullText: fullText === 'true' } : {}),
        });
      }
      walk(asArray(o.outline));
    }
  };
  walk(asArray(doc.opml.body?.outline));
  return feeds;
}

/** An OPML 2.0 document of the feed subscriptions (Guardian searches are not feeds and are left out). */
export function buildOpml(subscriptions: readonly Subscription[], now = new Date()): string {
  const builder = new XMLBuilder({ ignoreAttributes: false, attributeNamePrefix: '@_', format: true, suppressEmptyNode: true, suppressBooleanAttributes: false });
  const outline = subscriptions
    .filter((s) => s.kind === 'feed')
    .map((s) => ({
      '@_type': 'rss',
      '@_text': s.title ?? s.url,
      '@_title': s.title ?? s.url,
      '@_xmlUrl': s.url,
      [`@_${PREFIX}:every`]: formatInterval(s.intervalSeconds),
      [`@_${PREFIX}:fullText`]: String(s.fullText),
    }));
  return builder.build({
    '?xml': { '@_version': '1.0', '@_encoding': 'UTF-8' },
    opml: {
      '@_version': '2.0',
      [`@_xmlns:${PREFIX}`]: OPML_NAMESPACE,
      head: { title: 'Storyline subscriptions', dateCreated: now.toUTCString() },
      body: { outline },
    },
  }) as string;
}
