/** Small hand-written article pages for the HTML reader's rule tests. */

/** Story paragraphs long enough for Readability to take the container as the article. */
export const STORY = [
  'The city council voted on Tuesday to approve the new river crossing after three years of debate, ending a dispute that split neighbourhoods on both banks.',
  'Supporters said the bridge would cut commuting times by a third and relieve the old crossing, which engineers have warned is near the end of its working life.',
  'Opponents argued that the money would be better spent on buses, and several residents said they feared the construction would close the riverside park for years.',
  'The mayor said work would begin in the spring and that the park would stay open throughout, with a temporary footpath along the eastern edge of the site.',
  'Council officers estimated the total cost at 240 million, of which the national government has agreed to pay two thirds under its regional transport programme.',
];

export const storyHtml = (paras: readonly string[] = STORY) => paras.map((p) => `<p>${p}</p>`).join('\n');

/** A whole page around an article body, with site furniture around it. */
export function page(articleInner: string, options: { head?: string; before?: string; after?: string; lang?: string } = {}): string {
  return `<!doctype html>
<html lang="${options.lang ?? 'en'}"><head><meta charset="utf-8"><title>Council approves bridge | Example News</title>${options.head ?? ''}</head>
<body>
<nav class="site-nav"><ul><li><a href="/">Home</a></li><li><a href="/news">News</a></li><li><a href="/sport">Sport</a></li></ul></nav>
<div class="page">
${options.before ?? ''}
<div class="story-body">
<h1>Council approves bridge</h1>
${articleInner}
</div>
${options.after ?? ''}
</div>
<footer><p>Example News, 1 High Street. Contact us. Terms of use. Privacy policy.</p></footer>
</body></html>`;
}
