/**
 * Dates as sources write them, to the model's ISO 8601 UTC form (always `Date#toISOString()`:
 * "2022-02-01T19:18:00.000Z", so stored times compare correctly as strings).
 *
 * Fast paths are hand-written for the shapes readers meet all the time: ISO 8601 / RFC 3339 with or
 * without an offset, RFC 822/1123 (RSS), the reference page's "01, Feb, 2022 @7:18 PM", "May 03, 2013",
 * "3 May 2013" and unix seconds or milliseconds. chrono-node is only the fallback for other human dates,
 * and only when it is certain of the year, month and day (relative dates such as "yesterday" are refused:
 * in an archive they would silently mean the day of import).
 *
 * Choices:
 * - A time without an offset or zone is taken as UTC (the reference page's related dates carry none).
 * - A date without a time ("2019-01-04", "May 03, 2013") becomes 12:00 UTC of that day, the same
 *   placeholder the shared demo corpus uses: the calendar day then stays the same in every timezone
 *   between UTC-11 and UTC+11. A value that already says 12:00:00Z is kept as it is.
 * - Anything unparseable, or outside the years 1800-2199, is undefined. This function never throws.
 */
import * as chrono from 'chrono-node';

const MONTHS: Record<string, number> = {
  jan: 0, feb: 1, mar: 2, apr: 3, may: 4, jun: 5, jul: 6, aug: 7, sep: 8, oct: 9, nov: 10, dec: 11,
};

/** RFC 822 zone names; military single letters other than Z are too ambiguous in practice and read as UTC. */
const ZONES: Record<string, number> = {
  ut: 0, utc: 0, gmt: 0, z: 0, est: -300, edt: -240, cst: -360, cdt: -300, mst: -420, mdt: -360, pst: -480, pdt: -420,
  bst: 60, cet: 60, cest: 120,
};

const ISO = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?)?$/i;
const RFC822 = /^(?:[a-z]{3,9},?\s+)?(\d{1,2})\s+([a-z]{3,9})\.?,?\s+(\d{2}|\d{4}),?\s+(\d{1,2}):(\d{2})(?::(\d{2}))?\s*([+-]\d{4}|[a-z]{1,4})?$/i;
/** "01, Feb, 2022 @7:18 PM" (the reference page's Related Content dates). */
const AT_TIME = /^(\d{1,2}),?\s+([a-z]{3,9}),?\s+(\d{4})\s*@\s*(\d{1,2}):(\d{2})\s*([ap]\.?m\.?)?$/i;
/** "May 03, 2013", "May 3 2013". */
const MONTH_DAY_YEAR = /^([a-z]{3,9})\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})$/i;
/** "3 May 2013", "03 May, 2013". */
const DAY_MONTH_YEAR = /^(\d{1,2})(?:st|nd|rd|th)?\s+([a-z]{3,9})\.?,?\s+(\d{4})$/i;

function month(name: string): number | undefined {
  return MONTHS[name.slice(0, 3).toLowerCase()];
}

function fromUtcParts(y: number, mo: number | undefined, d: number, h = 12, mi = 0, s = 0, ms = 0, offsetMinutes = 0): string | undefined {
  if (mo === undefined || mo < 0 || mo > 11 || d < 1 || d > 31 || h > 23 || mi > 59 || s > 60) return undefined;
  const t = Date.UTC(y, mo, d, h, mi, Math.min(s, 59), ms) - offsetMinutes * 60_000;
  const date = new Date(t);
  // Reject 31 February and the like rather than rolling over into the next month.
  if (new Date(Date.UTC(y, mo, d)).getUTCDate() !== d) return undefined;
  return inRange(date);
}

function inRange(date: Date): string | undefined {
  const t = date.getTime();
  if (!Number.isFinite(t)) return undefined;
  const y = date.getUTCFullYear();
  return y >= 1800 && y < 2200 ? date.toISOString() : undefined;
}

function parseOffset(zone: string | undefined): number | undefined {
  if (!zone) return 0;
  const m = /^([+-])(\d{2}):?(\d{2})?$/.exec(zone);
  if (m) return (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3] ?? 0));
  const named = ZONES[zone.toLowerCase()];
  if (named !== undefined) return named;
  return /^[a-z]$/i.test(zone) ? 0 : undefined;
}

function fromEpoch(n: number): string | undefined {
  if (!Number.isFinite(n)) return undefined;
  // Below 1e11 it is seconds (1e11 s is the year 5138); above, milliseconds.
  return inRange(new Date(Math.abs(n) < 1e11 ? n * 1000 : n));
}

function twelveHour(h: number, meridiem: string | undefined): number {
  if (!meridiem) return h;
  const pm = meridiem[0]!.toLowerCase() === 'p';
  return (h % 12) + (pm ? 12 : 0);
}

function fastPath(s: string): string | undefined | null {
  let m = ISO.exec(s);
  if (m) {
    const [, y, mo, d, h, mi, sec, frac, zone] = m;
    const offset = parseOffset(zone);
    if (offset === undefined) return undefined;
    const ms = frac ? Math.round(Number(`0.${frac}`) * 1000) : 0;
    if (h === undefined) return fromUtcParts(+y!, +mo! - 1, +d!);
    return fromUtcParts(+y!, +mo! - 1, +d!, +h, +mi!, +(sec ?? 0), Math.min(ms, 999), offset);
  }
  m = RFC822.exec(s);
  if (m) {
    const [, d, mon, yy, h, mi, sec, zone] = m;
    const offset = parseOffset(zone);
    if (offset === undefined) return undefined;
    const year = yy!.length === 2 ? 2000 + Number(yy) - (Number(yy) > 50 ? 100 : 0) : Number(yy);
    return fromUtcParts(year, month(mon!), +d!, +h!, +mi!, +(sec ?? 0), 0, offset);
  }
  m = AT_TIME.exec(s);
  if (m) {
    const [, d, mon, y, h, mi, meridiem] = m;
    return fromUtcParts(+y!, month(mon!), +d!, twelveHour(+h!, meridiem), +mi!);
  }
  m = MONTH_DAY_YEAR.exec(s);
  if (m) return fromUtcParts(+m[3]!, month(m[1]!), +m[2]!);
  m = DAY_MONTH_YEAR.exec(s);
  if (m) return fromUtcParts(+m[3]!, month(m[2]!), +m[1]!);
  return null; // no fast path matched
}

/** chrono's first reading of a text, against a fixed instant in UTC (never the day of import). */
function chronoRead(text: string): chrono.ParsedResult | undefined {
  return chrono.parse(text, { instant: new Date(Date.UTC(2000, 0, 1)), timezone: 0 })[0];
}

/** The year, month (0-11) and day chrono read, when it is certain of all three; else undefined. */
function certainDay(c: chrono.ParsedComponents): [number, number, number] | undefined {
  if (!c.isCertain('year') || !c.isCertain('month') || !c.isCertain('day')) return undefined;
  return [c.get('year')!, c.get('month')! - 1, c.get('day')!];
}

function chronoFallback(s: string): string | undefined {
  const result = chronoRead(s);
  // Only absolute dates: the text chrono read must carry a four-digit year.
  if (!result || !/\d{4}/.test(result.text)) return undefined;
  const c = result.start;
  const day = certainDay(c);
  if (!day) return undefined;
  // The matched date must be most of the string, not a date mentioned inside a sentence.
  if (result.text.length < s.replace(/\s+/g, ' ').length * 0.6) return undefined;
  const [y, mo, d] = day;
  if (!c.isCertain('hour')) return fromUtcParts(y, mo, d);
  const offset = c.get('timezoneOffset') ?? 0;
  return fromUtcParts(y, mo, d, c.get('hour') ?? 12, c.get('minute') ?? 0, c.get('second') ?? 0, 0, offset);
}

/** Whether a stored time is the placeholder of a date that came without a time (12:00:00.000 UTC, above). */
export function isDayOnly(iso: string): boolean {
  return iso.endsWith('T12:00:00.000Z');
}

/** A date or time in any of the shapes above as ISO 8601 UTC ("…T…:…:….000Z"), else undefined. */
export function toIsoUtc(value: string | number | Date | undefined | null): string | undefined {
  try {
    if (value === undefined || value === null) return undefined;
    if (value instanceof Date) return inRange(value);
    if (typeof value === 'number') return fromEpoch(value);
    if (typeof value !== 'string') return undefined;
    const s = value.replace(/[\s\u00a0]+/g, ' ').trim();
    if (!s || s.length > 100) return undefined;
    if (/^-?\d{9,13}(\.\d+)?$/.test(s)) return fromEpoch(Number(s));
    const fast = fastPath(s);
    if (fast !== null) return fast;
    return chronoFallback(s);
  } catch {
    return undefined;
  }
}

/**
 * The day a URL or file path names, as news sites and saved pages write it: "/2021/dec/02/…" (the
 * Guardian), "/2013/05/03/…", "…/2011-11-12/…", "guardian-2021-12-02-biden-putin-talks.txt". 12:00 UTC
 * of that day, like any date without a time; undefined when the path names no plausible day (years
 * 1990-2199 only, so ids and counters are not read as dates). For articles that carry no date of their
 * own: their own address first, then the name of the file they came in.
 */
export function dateInPath(path: string | undefined): string | undefined {
  if (!path) return undefined;
  const found = /(?:^|[/_.-])((?:199|2[01]\d)\d)([/_-])(\d{2}|[a-z]{3})\2(\d{1,2})(?=$|[/_.?#-])/i.exec(path);
  if (!found) return undefined;
  const [, year, , mon, day] = found;
  const mo = /^\d+$/.test(mon!) ? Number(mon) - 1 : month(mon!);
  return fromUtcParts(Number(year), mo, Number(day));
}

/** Words that may stand before a page's dateline: "Updated:", "Last updated on", "Published on:", "Article posted on". */
const LABEL = String.raw`(?:(?:last|updated?|posted|published|article|on|at)\b[\s:,-]*)*`;
/** What may stand before the date that chrono finds: a label, and a time of day ("13:26 14/09/2013"). */
const DATELINE_PREFIX = new RegExp(String.raw`^${LABEL}(?:\d{1,2}[:.]\d{2}\s*(?:[ap]\.?\s?m\.?)?\s*)?$`, 'i');
/**
 * What a dateline's first word can be, after its label: a weekday, a month or a digit. chrono takes about
 * a millisecond a text, so texts that open otherwise ("The Indian navy…", most of them) never reach it.
 */
const DATELINE_START = new RegExp(String.raw`^${LABEL}(?:\d|(?:mon|tue|wed|thu|fri|sat|sun|jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\b)`, 'i');
/** Relative dates refer to a day the text does not name; an archive must not read them as the import day. */
const RELATIVE = /\b(?:ago|last|next|yesterday|today|tonight|tomorrow|this)\b/i;

/**
 * The day a text opens with, as pages crawled without date metadata often carry it as their first
 * line ("Updated: November 11, 2011 20:09 IST", "Friday, November 11, 2011", "Last updated 13:26
 * 14/09/2013", "11/28/05"): 12:00 UTC of that day, or undefined. Only a date at the very start (after
 * at most a label such as "Updated:" and a time), with its year written, so a date mentioned in the
 * story ("the 2005 rampage", "on Saturday") is never read as the day of publication. The time is left
 * out: datelines name their zones loosely ("IST", "ET"), and a wrong zone moves the day.
 */
export function datelineOf(text: string | undefined): string | undefined {
  if (!text) return undefined;
  const head = text.slice(0, 160).replace(/[\s\u00a0]+/g, ' ').trimStart().slice(0, 80);
  if (!DATELINE_START.test(head)) return undefined;
  const found = chronoRead(head);
  if (!found || !DATELINE_PREFIX.test(head.slice(0, found.index)) || RELATIVE.test(found.text)) return undefined;
  // The year must be written (two or four digits), not guessed from the reference instant.
  const day = /\b(?:\d{2}|\d{4})\b/.test(found.text.replace(/\d{1,2}[:.]\d{2}/g, '')) ? certainDay(found.start) : undefined;
  return day && fromUtcParts(...day);
}
