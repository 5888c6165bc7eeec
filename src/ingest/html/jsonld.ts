/**
 * schema.org JSON-LD in article pages: finding the blocks, flattening them (arrays, @graph) and picking
 * the node that describes the article. Publishers put the most reliable metadata here (headline, dates,
 * authors), and some put the whole text in `articleBody`, which the body extractor uses as evidence.
 */

export type JsonObject = Record<string, unknown>;

/** Article-like schema.org types, most specific first (any *Article type also counts). */
const ARTICLE_TYPES = ['NewsArticle', 'ReportageNewsArticle', 'AnalysisNewsArticle', 'OpinionNewsArticle', 'Article', 'BlogPosting', 'Report', 'LiveBlogPosting'];

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Parses one block leniently: strips HTML comment wrappers and CDATA, tolerates raw control characters. */
function parseBlock(text: string): unknown {
  const cleaned = text.replace(/^\s*(<!--|\/\/\s*<!\[CDATA\[)/, '').replace(/(-->|\/\/\s*\]\]>)\s*$/, '').trim();
  if (!cleaned) return undefined;
  try {
    return JSON.parse(cleaned);
  } catch {
    try {
      // Raw newlines and tabs inside strings are the most common JSON-LD syntax error.
      return JSON.parse(cleaned.replace(/[\u0000-\u001f]+/g, ' '));
    } catch {
      return undefined;
    }
  }
}

/** Every object in the blocks, with top-level arrays and @graph arrays flattened. */
export function jsonLdNodes(blocks: readonly string[]): JsonObject[] {
  const out: JsonObject[] = [];
  const visit = (value: unknown, depth: number) => {
    if (depth > 4) return;
    if (Array.isArray(value)) for (const v of value) visit(v, depth + 1);
    else if (isObject(value)) {
      out.push(value);
      if (Array.isArray(value['@graph'])) visit(value['@graph'], depth + 1);
      // WebPage nodes sometimes carry the article as mainEntity.
      if (isObject(value.mainEntity)) visit(value.mainEntity, depth + 1);
    }
  };
  for (const block of blocks) visit(parseBlock(block), 0);
  return out;
}

/** The node's @type values. */
export function types(node: JsonObject): string[] {
  const t = node['@type'];
  return (Array.isArray(t) ? t : [t]).filter((x): x is string => typeof x === 'string').map((x) => x.replace(/^.*[/#:]/, ''));
}

/** The article node: the most specific article type, preferring the one with the longest articleBody. */
export function findArticleNode(nodes: readonly JsonObject[]): JsonObject | undefined {
  let best: JsonObject | undefined;
  let bestRank = Infinity;
  for (const node of nodes) {
    const ts = types(node);
    let rank = Math.min(...ts.map((t) => ARTICLE_TYPES.indexOf(t)).filter((i) => i >= 0), Infinity);
    if (rank === Infinity && ts.some((t) => /Article$/.test(t))) rank = ARTICLE_TYPES.length;
    if (rank === Infinity) continue;
    const bodyLength = typeof node.articleBody === 'string' ? node.articleBody.length : 0;
    const bestLength = best && typeof best.articleBody === 'string' ? best.articleBody.length : 0;
    if (rank < bestRank || (rank === bestRank && bodyLength > bestLength)) {
      best = node;
      bestRank = rank;
    }
  }
  return best;
}

/** A string value, or the first string in an array, or an object's `name` / `@value` / `url`. */
export function text(value: unknown, key: 'name' | 'url' = 'name'): string | undefined {
  if (typeof value === 'string') return value.trim() || undefined;
  if (typeof value === 'number') return String(value);
  if (Array.isArray(value)) {
    for (const v of value) {
      const t = text(v, key);
      if (t) return t;
    }
    return undefined;
  }
  if (isObject(value)) return text(value[key] ?? value['@value'], key);
  return undefined;
}

/** Every name in a value that may be a string, an object with `name`, or an array of either. */
export function names(value: unknown): string[] {
  if (typeof value === 'string') return value.trim() ? [value.trim()] : [];
  if (Array.isArray(value)) return value.flatMap(names);
  if (isObject(value)) return typeof value.name === 'string' ? names(value.name) : [];
  return [];
}

/** The author entries as {name, url} pairs (schema.org Person objects, strings, or arrays of them). */
export function authors(value: unknown): { name: string; url?: string }[] {
  const list = Array.isArray(value) ? value : value === undefined ? [] : [value];
  const out: { name: string; url?: string }[] = [];
  for (const entry of list) {
    if (typeof entry === 'string') {
      for (const name of names(entry)) out.push({ name });
    } else if (isObject(entry)) {
      const name = text(entry.name);
      if (!name) continue;
      const url = text(entry.url, 'url') ?? text(entry.sameAs, 'url');
      out.push(url ? { name, url } : { name });
    }
  }
  return out;
}

/** The image: a URL string, an ImageObject, or an array of either (first wins). */
export function image(value: unknown): { url: string; caption?: string } | undefined {
  if (typeof value === 'string') return value.trim() ? { url: value.trim() } : undefined;
  if (Array.isArray(value)) {
    for (const v of value) {
      const img = image(v);
      if (img) return img;
    }
    return undefined;
  }
  if (isObject(value)) {
    const url = text(value.url, 'url') ?? text(value.contentUrl, 'url');
    if (!url) return undefined;
    const caption = text(value.caption) ?? text(value.description);
    return caption ? { url, caption } : { url };
  }
  return undefined;
}
