/**
 * Cheap string-level preparation before the DOM parse. The DOM (linkedom) costs time and memory per node,
 * and scripts, styles, inline SVG and comments are often two thirds of a news page's bytes while holding
 * no article text; cutting them first makes parsing and Readability markedly faster. JSON-LD blocks are
 * collected on the way. Only sticky regexes without nested quantifiers are used, each position is
 * visited once, so unclosed tags cannot make it quadratic.
 */

/** At most this much HTML is parsed: article text sits in the first few MB of any real page. */
export const MAX_HTML_CHARS = 5_000_000;

/** Elements dropped whole, with their content, and comments. */
const INERT_START = /<(!--|script|style|svg|template|noscript|iframe|object|canvas)(?=[\s>/])|<!--/gi;

export interface PreparedHtml {
  html: string;
  /** The text of every <script type="application/ld+json"> block. */
  jsonLd: string[];
}

/** Removes comments and inert elements (content included) and collects the JSON-LD script texts. */
export function prepareHtml(input: string): PreparedHtml {
  const html = input.length > MAX_HTML_CHARS ? input.slice(0, MAX_HTML_CHARS) : input;
  const parts: string[] = [];
  const jsonLd: string[] = [];
  let copied = 0;
  INERT_START.lastIndex = 0;
  for (let m = INERT_START.exec(html); m; m = INERT_START.exec(html)) {
    const start = m.index;
    const tag = (m[1] ?? '!--').toLowerCase();
    let end: number;
    if (tag === '!--') {
      const close = html.indexOf('-->', start + 4);
      end = close < 0 ? html.length : close + 3;
    } else {
      const tagEnd = html.indexOf('>', start);
      if (tagEnd < 0) break;
      const closeRe = new RegExp(`</${tag}\\s*>`, 'gi');
      closeRe.lastIndex = tagEnd + 1;
      const close = closeRe.exec(html);
      if (!close) {
        // An unclosed inert element: drop just its start tag.
        end = tagEnd + 1;
      } else {
        end = close.index + close[0].length;
        if (tag === 'script' && /ld\+json/i.test(html.slice(start, tagEnd))) jsonLd.push(html.slice(tagEnd + 1, close.index));
      }
    }
    parts.push(html.slice(copied, start));
    copied = end;
    INERT_START.lastIndex = end;
  }
  parts.push(html.slice(copied));
  return { html: parts.join(''), jsonLd };
}
