/** Small pure helpers shared by pages, API and feeds: paths, dates, safe URLs, licences, JSON in HTML. */
import type { Contributor, EntityType } from '../model.ts';
import { isDayOnly } from '../ingest/dates.ts';

export { plural } from '../format.ts';

/** A path with the given query parameters, leaving out the unset and empty ones (none: the bare path). */
function withQuery(path: string, params: Record<string, string | number | undefined>): string {
  const qs = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== '') qs.set(k, String(v));
  const s = qs.toString();
  return s ? `${path}?${s}` : path;
}

export const paths = {
  article: (id: string) => `/article/${encodeURIComponent(id)}`,
  story: (id: string) => `/story/${encodeURIComponent(id)}`,
  entity: (type: EntityType, name: string) =>
    type === 'contributor' ? paths.contributor(name) : `/entity/${type}/${encodeURIComponent(name)}`,
  contributor: (name: string) => `/contributor/${encodeURIComponent(name)}`,
  search: (params: Record<string, string | number | undefined>) => withQuery('/search', params),
  /** The stories list: only the developing ones with `developing`; page 1 has no page parameter. */
  stories: (page: number, developing: boolean) => withQuery('/stories', { active: developing ? 'true' : undefined, page: page > 1 ? page : undefined }),
};

const dateTime = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'UTC', day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit', hourCycle: 'h23',
});
const dateOnly = new Intl.DateTimeFormat('en-GB', { timeZone: 'UTC', weekday: 'short', day: 'numeric', month: 'long', year: 'numeric' });
const shortDate = new Intl.DateTimeFormat('en-GB', { timeZone: 'UTC', day: 'numeric', month: 'short', year: 'numeric' });
const monthYear = new Intl.DateTimeFormat('en-GB', { timeZone: 'UTC', month: 'short', year: 'numeric' });

function valid(iso: string): Date | undefined {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? undefined : d;
}

/**
 * "2 Dec 2021, 14:05 UTC"; "2 Dec 2021" for a date that came without a time, which ingest stores as
 * 12:00:00.000 UTC of its day (see ingest/dates.ts): showing "12:00 UTC" would claim a time nobody gave.
 */
export function formatDateTime(iso: string): string {
  const d = valid(iso);
  if (!d) return iso;
  if (isDayOnly(d.toISOString())) return shortDate.format(d);
  return `${dateTime.format(d).replace(' at ', ', ')} UTC`;
}
/** "Thu, 2 December 2021" */
export function formatDay(isoOrDay: string): string {
  const d = valid(isoOrDay.length === 10 ? `${isoOrDay}T00:00:00Z` : isoOrDay);
  return d ? dateOnly.format(d) : isoOrDay;
}
/** "2 Dec 2021" */
export function formatShortDate(isoOrDay: string): string {
  const d = valid(isoOrDay.length === 10 ? `${isoOrDay}T00:00:00Z` : isoOrDay);
  return d ? shortDate.format(d) : isoOrDay;
}
/** "Dec 2021" for "2021-12" */
export function formatMonth(month: string): string {
  const d = valid(`${month}-01T00:00:00Z`);
  return d ? monthYear.format(d) : month;
}

/** The URL when it is absolute http(s), else undefined: nothing else becomes a link or an image. */
export function safeUrl(url: string | undefined): string | undefined {
  if (!url) return undefined;
  try {
    const u = new URL(url);
    return u.protocol === 'http:' || u.protocol === 'https:' ? u.toString() : undefined;
  } catch {
    return undefined;
  }
}

/** Creative Commons licence names ("CC BY 2.5", "CC-BY-SA-4.0") to their deed URL. */
export function licenseUrl(license: string): string | undefined {
  const m = /^\s*CC[\s-]*(BY(?:[\s-]*(?:NC|SA|ND))*)[\s-]*(\d\.\d)\s*$/i.exec(license);
  if (!m) return safeUrl(license);
  const kind = m[1]!.toLowerCase().replace(/[\s-]+/g, '-');
  return `https://creativecommons.org/licenses/${kind}/${m[2]}/`;
}

/** "Andrew Roth in Moscow and Julian Borger in Washington" parts: name, then the words after it. */
export function contributorSuffix(c: Contributor): string {
  return [c.role ? ` ${c.role}` : '', c.location ? ` in ${c.location}` : ''].join('');
}

/** Joins with commas and a final "and". */
export function joinAnd<T>(items: readonly T[], sep: (index: number) => string = (i) => (i === items.length - 1 ? ' and ' : ', ')): (T | string)[] {
  const out: (T | string)[] = [];
  items.forEach((item, i) => {
    if (i > 0) out.push(sep(i));
    out.push(item);
  });
  return out;
}

/** JSON safe inside <script>: no "<" (so no "</script>"), no U+2028/9. */
export function jsonForScript(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

export const ENTITY_TYPE_LABEL: Record<EntityType, string> = {
  person: 'Person',
  organisation: 'Organisation',
  place: 'Place',
  contributor: 'Contributor',
};
