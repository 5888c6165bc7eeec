/** Small formatting rules shared by the CLI, the pages and the feeds. */
import type { Article } from './model.ts';

/** "Andrew Roth in Moscow and Julian Borger in Washington" from the parsed contributors, else the raw byline. */
export function bylineOf(article: Pick<Article, 'byline' | 'contributors'>): string | undefined {
  const people = article.contributors.map((c) => (c.location ? `${c.name} in ${c.location}` : c.name));
  if (!people.length) return article.byline;
  if (people.length === 1) return people[0];
  return `${people.slice(0, -1).join(', ')} and ${people.at(-1)}`;
}

/**
 * A byline that only names the publisher (agency copy: "Meridian Wire", by Meridian Wire): shown once, as
 * the publisher.
 */
export function bylineIsPublisher(article: Pick<Article, 'byline' | 'contributors' | 'publisher'>): boolean {
  const publisher = article.publisher?.trim().toLowerCase();
  if (!publisher) return false;
  const [only, ...more] = article.contributors;
  if (only) return !more.length && !only.location && only.name.trim().toLowerCase() === publisher;
  return article.byline?.trim().toLowerCase() === publisher;
}

/** The byline to print beside the publisher: none when it only repeats the publisher's name. */
export function shownBylineOf(article: Pick<Article, 'byline' | 'contributors' | 'publisher'>): string | undefined {
  return bylineIsPublisher(article) ? undefined : bylineOf(article);
}

/** The surface forms an entity was written as, other than its name (the stored aliases include the name). */
export function aliasesOf(entity: { name: string; aliases: readonly string[] }): string[] {
  return entity.aliases.filter((a) => a !== entity.name);
}

/** The day of an ISO time ("2026-03-04"), or "undated". */
export function dayOf(iso: string | undefined): string {
  return iso?.slice(0, 10) ?? 'undated';
}

/** "1 article", "1,204 articles", "2 people" (with `many`). */
export function plural(n: number, word: string, many = `${word}s`): string {
  return `${n.toLocaleString('en-GB')} ${n === 1 ? word : many}`;
}

/** Text made safe inside HTML element content and attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** The text escapeHtml escaped, with <mark> elements (search highlights) turned into `mark` and `unmark`. */
export function highlightedText(html: string, mark = '', unmark = ''): string {
  return html.replace(/<\/?mark>/g, (tag) => (tag === '<mark>' ? mark : unmark)).replace(/&#(\d+);/g, (_, code: string) => String.fromCharCode(Number(code)));
}
