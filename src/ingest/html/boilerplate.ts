/**
 * Boilerplate that Readability keeps: page furniture that sits inside or next to the article container
 * and is text-heavy enough to survive its scoring. Two kinds of rule: element rules, applied to the DOM
 * before extraction (by tag, ARIA role, and class / id words), and text rules, applied to the extracted
 * paragraphs (captions, credits, share / subscribe prompts). Each rule is general: it names what news
 * templates call these blocks, never a particular site.
 */

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

function words(el: Element): string[] {
  const value = `${el.getAttribute('class') ?? ''} ${el.getAttribute('id') ?? ''}`.toLowerCase();
  return value ? value.split(/[\s_-]+/).filter(Boolean) : [];
}

/**
 * Whether an element wraps the article rather than sitting beside it: it contains the page's <article>,
 * <main>, <h1> or schema.org articleBody, or several long paragraphs. A class-word match on such an
 * element ("body_overlay", "main-share-wrapper") describes the template, not a boilerplate box, so such
 * elements are kept.
 */
export function holdsArticleText(el: Element): boolean {
  if (el.querySelector('article, main, h1, [itemprop="articleBody"]')) return true;
  let long = 0;
  for (const p of el.querySelectorAll('p')) {
    if ((p.textContent ?? '').length > 120 && ++long >= 3) return true;
  }
  return false;
}

/** Whether an element is page furniture by its class / id words or ARIA role. */
export function isBoilerplateElement(el: Element): boolean {
  const tag = el.tagName.toLowerCase();
  if (tag === 'body' || tag === 'html' || tag === 'article' || tag === 'main') return false;
  const role = el.getAttribute('role');
  if (role && BOILERPLATE_ROLES.test(role)) return true;
  if (el.hasAttribute('hidden') || el.getAttribute('aria-hidden') === 'true') return true;
  const ws = words(el);
  if (!ws.length) return false;
  const value = `${el.getAttribute('class') ?? ''} ${el.getAttribute('id') ?? ''}`;
  if (CONTENT_WORDS.test(value)) return false;
  return ws.some((w) => BOILERPLATE_WORDS.has(w));
}

/** Removes boilerplate elements below root (by tag, then role / class / id), keeping article wrappers. */
export function removeBoilerplateElements(root: Element): number {
  let removed = 0;
  for (const tag of BOILERPLATE_TAGS) {
    for (const el of root.querySelectorAll(tag)) {
      if (tag !== 'figcaption' && holdsArticleText(el)) continue;
      el.remove();
      removed++;
    }
  }
  for (const el of root.querySelectorAll('[class], [id], [role], [hidden], [aria-hidden]')) {
    if (!el.parentNode) continue;
    if (isBoilerplateElement(el) && !holdsArticleText(el)) {
      el.remove();
      removed++;
    }
  }
  return removed;
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
