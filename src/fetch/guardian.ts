/**
 * The Guardian Content API as a source: a subscription "guardian:QUERY" pages through /search, oldest
 * first, from the position it got to (the last webPublicationDate seen and the ids at that instant, since
 * from-date is inclusive). The responses themselves are read by the Guardian reader through readInput;
 * this module only builds the requests and keeps the position. The API key is read from the environment
 * at poll time and never stored or shown.
 */
import { z } from 'zod';
import { InputError } from '../errors.ts';

export const GUARDIAN_API = 'https://content.guardianapis.com';
export const GUARDIAN_PREFIX = 'guardian:';
export const DEFAULT_GUARDIAN_KEY_ENV = 'GUARDIAN_API_KEY';
export const GUARDIAN_PAGE_SIZE = 50;

export interface GuardianPosition {
  /** The latest webPublicationDate seen. */
  date?: string;
  /** The ids seen at exactly that date. */
  ids: string[];
}

const PositionSchema = z.object({ date: z.string().optional(), ids: z.array(z.string()).default([]) });

export function parsePosition(raw: string | undefined): GuardianPosition {
  if (!raw) return { ids: [] };
  try {
    return PositionSchema.parse(JSON.parse(raw));
  } catch {
    return { ids: [] };
  }
}

/** "guardian:ukraine russia" -> "ukraine russia"; undefined for other URLs. */
export function guardianQuery(subscriptionUrl: string): string | undefined {
  return subscriptionUrl.startsWith(GUARDIAN_PREFIX) ? subscriptionUrl.slice(GUARDIAN_PREFIX.length).trim() : undefined;
}

/** The search request for one page (the key is added by the caller, so this URL can be shown). */
export function guardianSearchUrl(base: string, query: string, position: GuardianPosition, page: number): URL {
  const url = new URL('/search', base);
  url.searchParams.set('q', query);
  url.searchParams.set('order-by', 'oldest');
  if (position.date) url.searchParams.set('from-date', position.date);
  url.searchParams.set('page-size', String(GUARDIAN_PAGE_SIZE));
  url.searchParams.set('page', String(page));
  url.searchParams.set('show-fields', 'headline,standfirst,trailText,byline,body,thumbnail,lastModified');
  url.searchParams.set('show-tags', 'contributor,keyword');
  return url;
}

const ResultSchema = z.looseObject({ id: z.string(), webPublicationDate: z.string() });
const EnvelopeSchema = z.object({
  response: z.looseObject({
    status: z.string(),
    message: z.string().optional(),
    currentPage: z.number().optional(),
    pages: z.number().optional(),
    results: z.array(ResultSchema).default([]),
  }),
});

export interface GuardianPage {
  /** The response with only the results not seen yet, as bytes for readInput. */
  fresh: Uint8Array;
  freshCount: number;
  /** The position after this page. */
  position: GuardianPosition;
  lastPage: boolean;
}

/** Reads a search response's envelope, drops the results already seen and advances the position. */
export function guardianPage(bytes: Uint8Array, position: GuardianPosition): GuardianPage {
  let envelope: z.infer<typeof EnvelopeSchema>;
  try {
    envelope = EnvelopeSchema.parse(JSON.parse(Buffer.from(bytes).toString('utf8')));
  } catch {
    throw new InputError('not a Guardian Content API search response');
  }
  const r = envelope.response;
  if (r.status !== 'ok') throw new InputError(`the Guardian API said: ${r.message ?? r.status}`);
  const seen = new Set(position.ids);
  const fresh = r.results.filter(
    (item) => !position.date || item.webPublicationDate > position.date || (item.webPublicationDate === position.date && !seen.has(item.id)),
  );
  let next = position;
  for (const item of r.results) {
    if (!next.date || item.webPublicationDate > next.date) next = { date: item.webPublicationDate, ids: [item.id] };
    else if (item.webPublicationDate === next.date && !next.ids.includes(item.id)) next = { date: next.date, ids: [...next.ids, item.id] };
  }
  return {
    fresh: Buffer.from(JSON.stringify({ response: { ...r, results: fresh } })),
    freshCount: fresh.length,
    position: next,
    lastPage: !r.results.length || (r.currentPage ?? 1) >= (r.pages ?? 1),
  };
}
