/**
 * Cheap string-level preparation before the DOM parse. The DOM (linkedom) costs time and memory per node,
 * and scripts, styles, inline SVG and comments are often two thirds of a news page's bytes while holding
 * no article text; cutting them first makes parsing and Readability markedly faster. Done with indexOf
 * scanning rather than lazy regexes, so unclosed tags cannot make it quadratic.
 */

/** At most this much HTML is parsed: article text sits in the first few MB of any real page. */
export const MAX_HTML_CHARS = 5_000_000;

/** Elements dropped whole, with their content. */
const INERT = ['script', 'style', 'svg', 'template', 'noscript', 'iframe', 'object', 'canvas'];

/** Removes comments and inert elements (content included) from an HTML string, in linear time. */
export function stripInertMarkup(html: string): string {
  const lower = html.toLowerCase();
  const parts: string[] = [];
  let copied = 0;
  let at = 0;
  for (;;) {
    const lt = lower.indexOf('<', at);
    if (lt < 0) break;
    let end = -1;
    if (lower.startsWith('<!--', lt)) {
      const close = lower.indexOf('-->', lt + 4);
      end = close < 0 ? lower.length : close + 3;
    } else {
      for (const tag of INERT) {
        if (!lower.startsWith(tag, lt + 1)) continue;
        const next = lower.charCodeAt(lt + 1 + tag.length);
        // Only the tag itself ("<script>", "<script ..."), not "<scripts>" or "<svgfoo>".
        if (!(next === 62 || next === 32 || next === 9 || next === 10 || next === 13 || next === 47)) continue;
        const close = lower.indexOf(`</${tag}`, lt + tag.length + 1);
        if (close < 0) {
          // An unclosed inert element: drop just its start tag.
          const gt = lower.indexOf('>', lt);
          end = gt < 0 ? lower.length : gt + 1;
        } else {
          const gt = lower.indexOf('>', close);
          end = gt < 0 ? lower.length : gt + 1;
        }
        break;
      }
    }
    if (end < 0) {
      at = lt + 1;
      continue;
    }
    parts.push(html.slice(copied, lt));
    copied = end;
    at = end;
  }
  parts.push(html.slice(copied));
  return parts.join('');
}
