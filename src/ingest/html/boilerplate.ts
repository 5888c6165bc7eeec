/**
 * Boilerplate that Readability keeps: page furniture that sits inside or next to the article container
 * and is text-heavy enough to survive its scoring. Two kinds of rule: element rules, applied to the DOM
 * before extraction (by tag, ARIA role, and class / id words), and text rules, applied to the extracted
 * paragraphs (captions, credits, share / subscribe prompts). Each rule is general: it names what news
 * templates call these blocks, never a particular site.
 */
import { Parser } from 'htmlparser2';

/**
 * Tags that never hold article text: navigation, complementary boxes (related links, pull quotes that
 * repeat the text), page footers, form controls, and figure captions (image descriptions and credits,
 * which are not part of the story text).
 */
const BOILERPLATE_TAGS = ['nav', 'aside', 'footer', 'button', 'select', 'textarea', 'input', 'label', 'figcaption', 'dialog', 'menu'];

/** ARIA landmark roles of page furniture. */
const BOILERPLATE_ROLES = /^(navigation|complementary|contentinfo|banner|dialog|alertdialog|menu|menubar|toolbar|search)$/i;

/**
 * Class / id words of the blocks news templates wrap around the story: sharing tools, newsletter and
 * subscription boxes, related / recommended / "more" link lists, author boxes, captions and credits,
 * comments, ads and promos, tag lists, breadcrumbs. Matched as whole words inside class and id values
 * (split at spaces, '-' and '_'), so "share" matches "article-share" but not "shared-content".
 */
const BOILERPLATE_WORDS = new Set([
  'share', 'sharing', 'sharebar', 'social', 'socials', 'sociallinks',
  'newsletter', 'newsletters', 'subscribe', 'subscription', 'signup', 'paywall', 'regwall',
  'related', 'recommended', 'recommendations', 'recirc', 'recirculation', 'trending', 'popular', 'mostread', 'morestories', 'readmore', 'outbrain', 'taboola',
  'caption', 'captions', 'credit', 'credits', 'figcaption',
  'bio', 'authorbio', 'authorbox', 'author', 'authors', 'byline', 'bylines', 'contributor',
  'comments', 'comment', 'disqus',
  'ad', 'ads', 'advert', 'advertisement', 'adslot', 'adunit', 'dfp', 'sponsored', 'promo', 'promotion',
  'tags', 'taglist', 'topics', 'breadcrumb', 'breadcrumbs', 'pagination',
  'cookie', 'cookies', 'consent', 'modal', 'popup', 'overlay', 'toolbar', 'sidebar', 'widget', 'hidden', 'visually', 'sronly', 'print',
]);

/** Class / id words that mark the article body itself; an element carrying one is never removed. */
const CONTENT_WORDS = /(^|[\s_-])(article|story|entry|post|main|content)[-_]?(body|text|content)($|[\s_-])/i;

/** Class / id words, split at spaces, '-', '_' and camelCase humps ("newsCaption" -> news, caption). */
export function classWords(value: string): string[] {
  if (!value) return [];
  return value
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .split(/[\s_-]+/)
    .filter(Boolean);
}

/** Attribute lookup shared by the DOM and the streaming pass. */
type Attr = (name: string) => string | null | undefined;

/** Whether an element is page furniture by its tag, ARIA role, hidden state, or class / id words. */
export function isBoilerplateTagOrAttrs(tag: string, attr: Attr): boolean {
  if (tag === 'body' || tag === 'html' || tag === 'article' || tag === 'main') return false;
  if (BOILERPLATE_TAGS.includes(tag)) return true;
  const role = attr('role');
  if (role && BOILERPLATE_ROLES.test(role)) return true;
  if (attr('hidden') != null || attr('aria-hidden') === 'true') return true;
  const value = `${attr('class') ?? ''} ${attr('id') ?? ''}`;
  if (value.length < 2 || CONTENT_WORDS.test(value)) return false;
  return classWords(value).some((w) => BOILERPLATE_WORDS.has(w));
}

/**
 * A paragraph this long is story text; an element holding WRAPPER_PARAGRAPHS of them wraps the article
 * rather than sitting beside it, as does one that contains the page's <article>, <main>, <h1> or
 * schema.org articleBody. A class-word match on such an element ("body_overlay", "main-share-wrapper")
 * describes the template, not a boilerplate box, so it is kept.
 */
const LONG_PARAGRAPH = 120;
const WRAPPER_PARAGRAPHS = 3;

/** Byline-ish evidence met in removed markup, kept for the metadata (bylines sit in "author" boxes). */
export interface PruneResult {
  html: string;
  /** Texts of rel=author / itemprop=author / *byline* / *author* elements, in order (at most 5). */
  bylines: string[];
  /** datetime attributes of <time> elements and itemprop=datePublished, in order (at most 5). */
  datetimes: string[];
}

interface Frame {
  tag: string;
  start: number;
  boiler: boolean;
  /** Long paragraphs below. */
  long: number;
  /** Contains article / main / h1 / itemprop=articleBody. */
  marker: boolean;
  textLength: number;
  byline: boolean;
  text: string;
  /** An <article> or itemprop=articleBody element: a candidate scope for the extraction. */
  scope: boolean;
}

/** A scope must hold this share of the page's long paragraphs (and at least WRAPPER_PARAGRAPHS). */
const SCOPE_SHARE = 0.6;

const BYLINE_CLASS = /byline|author/i;

/**
 * Removes boilerplate elements (isBoilerplateTagOrAttrs) from the HTML string with htmlparser2's event
 * stream, before the DOM is built: every removed element is a subtree linkedom never allocates and
 * Readability never scores, which roughly halves extraction time on news pages. Elements are cut from
 * their start tag to their end tag; one that turns out to wrap the article is kept.
 */
export function pruneBoilerplateHtml(html: string): PruneResult {
  const stack: Frame[] = [];
  const cuts: [number, number][] = [];
  const bylines: string[] = [];
  const datetimes: string[] = [];
  const scopes: { start: number; end: number; long: number }[] = [];
  let bodyStart = -1;
  let totalLong = 0;
  const parser = new Parser(
    {
      onopentag(name, attribs) {
        if (name === 'body' && bodyStart < 0) bodyStart = parser.endIndex + 1;
        const attr: Attr = (n) => attribs[n];
        const boiler = isBoilerplateTagOrAttrs(name, attr);
        const scope = name === 'article' || attribs.itemprop === 'articleBody';
        const marker = name === 'article' || name === 'main' || name === 'h1' || attribs.itemprop === 'articleBody';
        // Byline evidence, except inside forms and comment threads ("Name (required)" labels).
        const inForm = stack.some((f) => f.tag === 'form' || f.tag === 'label');
        const byline = bylines.length < 5 && !inForm && (attribs.rel === 'author' || attribs.itemprop === 'author' || BYLINE_CLASS.test(attribs.class ?? ''));
        if (datetimes.length < 5 && ((name === 'time' && attribs.datetime) || (attribs.itemprop === 'datePublished' && (attribs.datetime || attribs.content)))) {
          datetimes.push((attribs.datetime ?? attribs.content)!);
        }
        if (marker) for (const f of stack) f.marker = true;
        stack.push({ tag: name, start: parser.startIndex, boiler, long: 0, marker: false, textLength: 0, byline, text: '', scope });
      },
      ontext(text) {
        const top = stack[stack.length - 1];
        if (top) top.textLength += text.length;
        for (let i = stack.length - 1; i >= 0 && i >= stack.length - 4; i--) if (stack[i]!.byline) stack[i]!.text += text;
      },
      onclosetag(name, isImplied) {
        const frame = stack.pop();
        if (!frame) return;
        const parent = stack[stack.length - 1];
        const isLong = frame.tag === 'p' && frame.textLength > LONG_PARAGRAPH;
        if (isLong) totalLong++;
        if (parent) {
          parent.textLength += frame.textLength;
          parent.long += frame.long + (isLong ? 1 : 0);
        }
        const end = isImplied ? parser.startIndex : parser.endIndex + 1;
        if (frame.scope && frame.long >= WRAPPER_PARAGRAPHS) scopes.push({ start: frame.start, end, long: frame.long });
        if (frame.byline && bylines.length < 5) {
          const text = frame.text.replace(/\s+/g, ' ').trim();
          if (text.length >= 3 && text.length <= 120) bylines.push(text);
        }
        if (!frame.boiler) return;
        if (name !== 'figcaption' && (frame.marker || frame.long >= WRAPPER_PARAGRAPHS)) return;
        // Children close first: drop cuts this one contains.
        while (cuts.length && cuts[cuts.length - 1]![0] >= frame.start) cuts.pop();
        cuts.push([frame.start, Math.max(frame.start, end)]);
      },
    },
    { decodeEntities: true, lowerCaseTags: true, lowerCaseAttributeNames: true },
  );
  parser.write(html);
  parser.end();
  const scope = articleScope(scopes, totalLong);
  if (scope && bodyStart >= 0 && bodyStart <= scope.start) {
    const out = `${applyCuts(html, cuts, 0, bodyStart)}${applyCuts(html, cuts, scope.start, scope.end)}</body></html>`;
    return { html: out, bylines, datetimes };
  }
  return { html: cuts.length ? applyCuts(html, cuts, 0, html.length) : html, bylines, datetimes };
}

/**
 * The page's one article element, when it has one: the outermost <article> / itemprop=articleBody that
 * holds at least SCOPE_SHARE of the page's long paragraphs. HTML5 and schema.org markup say where the
 * story is; extracting inside it keeps sidebars and teaser grids out and makes Readability's work small.
 * Pages with several such elements (listings, live blogs) get no scope.
 */
function articleScope(scopes: readonly { start: number; end: number; long: number }[], totalLong: number) {
  const qualifying = scopes.filter((s) => s.long >= SCOPE_SHARE * totalLong);
  // Nested candidates close inner-first; the outermost is the one that starts first.
  let best: (typeof scopes)[number] | undefined;
  for (const s of qualifying) if (!best || s.start < best.start) best = s;
  return best;
}

/** The slice [from, to) of html without the cut ranges. */
function applyCuts(html: string, cuts: readonly [number, number][], from: number, to: number): string {
  const parts: string[] = [];
  let at = from;
  for (const [start, end] of cuts) {
    if (end <= at || start >= to) continue;
    if (start > at) parts.push(html.slice(at, start));
    at = Math.max(at, end);
  }
  if (at < to) parts.push(html.slice(at, to));
  return parts.join('');
}

/**
 * Paragraphs that are furniture even when they sit in the article container, recognised by their text:
 * share / follow / subscribe / newsletter prompts, "Read more" and "Related:" link lines, image credits
 * and captions, advertisement labels, copyright lines. Only short paragraphs are judged (a real
 * paragraph that mentions a newsletter is long), and each pattern is anchored at the start or matches the
 * whole text.
 */
const BOILERPLATE_TEXT: RegExp[] = [
  /^(share|tweet|email|print|pin|whatsapp|facebook|twitter|linkedin|reddit)( (this|the) (article|story|page))?( (on|via|with) \S+)?[.!:]?$/i,
  /^(share|follow|like) (us|this|the story|this story|this article)\b/i,
  /^(sign up|subscribe|register|join)\b.{0,120}\b(newsletter|email|inbox|updates|alerts|digest|briefing)\b/i,
  /^(get|receive) (our|the)\b.{0,80}\b(newsletter|emails?|alerts|inbox)\b/i,
  /^(read|see|watch|listen)( the)? (more|also|next|full|original|related)\b.{0,120}$/i,
  /^(related|more|also read|recommended|trending|most read|popular)( (stories|articles|coverage|content|reading|news|links))?\s*[:|»›>-]/i,
  /^(don'?t miss|must read|top stories|latest (news|stories)|more (news|stories|from [\p{L} ]{1,30})|you (may|might) (also )?like|recommended for you|editor'?s picks)\s*[:!.]?$/iu,
  /^\|?\s*(published|updated|posted|last (updated|modified)|first published)\s*(on|at)?\s*:?.{0,60}\d.{0,30}$/i,
  /\bcontributed (reporting )?to this (report|story|article)\.?$/i,
  /^(advertisement|sponsored( content)?|promoted|ad|story continues below( advertisement)?|continue reading( below)?)[.:]?$/i,
  /^((image|photo|picture|video|graphic)( copyright| caption| credit| source)?|credit|source|caption|copyright|\u00a9)\s*[:|(]/i,
  /^\(?(photo|image|picture|credit)s?( by)?\s*[:/]/i,
  /^[^.!?]{0,100}\b(getty images|shutterstock|istock|ap photo|afp photo|reuters photo)\)?\.?$/i,
  /^\u00a9|^copyright\b|all rights reserved\.?$/i,
  /^(click|tap) here\b/i,
  /^(follow|find) (us|me|him|her|them)?\s*on (twitter|facebook|instagram|linkedin)\b/i,
  /^(this (article|story) (was|has been|is) (originally|first) (published|appeared))\b/i,
  /^(we('| a)re sorry|javascript is (disabled|required)|please enable javascript)\b/i,
];

/** Whether a paragraph's text is a share / subscribe / credit / caption line rather than story text. */
export function isBoilerplateText(text: string): boolean {
  if (text.length > 220) return false;
  return BOILERPLATE_TEXT.some((re) => re.test(text));
}

/** Share of an element's text that sits inside links (0 when it has no text). */
export function linkDensity(el: Element): number {
  const total = (el.textContent ?? '').replace(/\s+/g, '').length;
  if (!total) return 0;
  let linked = 0;
  for (const a of el.querySelectorAll('a')) linked += (a.textContent ?? '').replace(/\s+/g, '').length;
  return Math.min(1, linked / total);
}

/**
 * Removes, inside the extracted article, paragraphs and list items that are wholly a link: in news
 * templates these are "related story" promos dropped between paragraphs ("READ MORE: Headline"), which
 * Readability keeps because they sit in the story container. A real paragraph has unlinked words.
 */
export function removeLinkOnlyBlocks(article: Element): number {
  let removed = 0;
  for (const el of article.querySelectorAll('p, li, h2, h3, h4, h5, h6')) {
    if (!el.parentNode) continue;
    const text = (el.textContent ?? '').trim();
    if (!text || el.querySelector('img')) continue;
    if (linkDensity(el) >= 0.9) {
      el.remove();
      removed++;
    }
  }
  return removed;
}

/** Removes elements whose own text is a boilerplate line (isBoilerplateText), e.g. "Share this article". */
export function removeBoilerplateTextBlocks(article: Element): number {
  let removed = 0;
  for (const el of article.querySelectorAll('p, li, h2, h3, h4, h5, h6, span, div, strong, em, small')) {
    if (!el.parentNode) continue;
    const text = (el.textContent ?? '').replace(/[\s\u00a0]+/g, ' ').trim();
    if (text && isBoilerplateText(text)) {
      el.remove();
      removed++;
    }
  }
  return removed;
}
