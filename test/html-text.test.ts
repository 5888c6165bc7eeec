import { describe, expect, it } from 'vitest';
import { htmlToParagraphs, sanitiseArticleHtml, textOrHtmlToParagraphs } from '../src/ingest/html-text.ts';

describe('htmlToParagraphs', () => {
  it('breaks at block elements and never glues words across inline tags', () => {
    const html = '<div><p>First <b>bold</b>word and <a href="#">link</a>.</p><h2>Sub</h2><ul><li>one</li><li>two</li></ul>tail</div>';
    expect(htmlToParagraphs(html)).toEqual(['First boldword and link.', 'Sub', 'one', 'two', 'tail']);
  });

  it('drops scripts, styles and captions and decodes entities', () => {
    const html = '<p>A &amp; B</p><script>evil()</script><style>p{}</style><figure><img src="x"><figcaption>Photo: AP</figcaption></figure><p>C&nbsp;D</p>';
    expect(htmlToParagraphs(html)).toEqual(['A & B', 'C D']);
  });

  it('treats <br> as a break', () => {
    expect(htmlToParagraphs('one<br>two<br/>three')).toEqual(['one', 'two', 'three']);
  });
});

describe('textOrHtmlToParagraphs', () => {
  it('splits plain text on blank lines', () => {
    expect(textOrHtmlToParagraphs('a b\n\n c  d \n\n\n e')).toEqual(['a b', 'c d', 'e']);
  });
});

describe('sanitiseArticleHtml', () => {
  it('removes scripts, event handlers and javascript: links', () => {
    const out = sanitiseArticleHtml('<p onclick="x()">Hi <a href="javascript:alert(1)">x</a><img src="https://a/b.jpg" onerror="alert(1)"></p><script>alert(1)</script>');
    expect(out).not.toMatch(/script|onclick|onerror|javascript:/i);
    expect(out).toContain('<img src="https://a/b.jpg" />');
  });
});
