/** The article page, modelled on the reference: headline, standfirst, byline, body, then Related Content. */
import type { Article } from '../../model.ts';
import { sanitiseArticleHtml } from '../../ingest/html-text.ts';
import type { ArticlePageData } from '../data.ts';
import { bylineIsPublisher } from '../../format.ts';
import { licenseUrl, paths, plural, safeUrl } from '../format.ts';
import { Byline, Chips, Rail, RailCard, Time } from './components.tsx';
import { Layout, renderPage, type SiteContext } from './layout.tsx';

/** schema.org NewsArticle for the page's JSON-LD. */
export function newsArticleJsonLd(article: Article, url: string): Record<string, unknown> {
  const image = safeUrl(article.image?.url);
  return {
    '@context': 'https://schema.org',
    '@type': 'NewsArticle',
    headline: article.headline.slice(0, 110),
    ...(article.standfirst ? { description: article.standfirst } : {}),
    ...(article.publishedAt ? { datePublished: article.publishedAt } : {}),
    ...(article.updatedAt ? { dateModified: article.updatedAt } : {}),
    ...(image ? { image: [image] } : {}),
    ...(article.contributors.length
      ? { author: article.contributors.map((c) => ({ '@type': 'Person', name: c.name, ...(safeUrl(c.profileUrl) ? { url: safeUrl(c.profileUrl) } : {}) })) }
      : {}),
    ...(article.publisher ? { publisher: { '@type': 'Organization', name: article.publisher } } : {}),
    ...(article.section ? { articleSection: article.section } : {}),
    ...(article.language ? { inLanguage: article.language } : {}),
    ...(article.license ? { license: licenseUrl(article.license) ?? article.license } : {}),
    ...(article.tags.length ? { keywords: article.tags.join(', ') } : {}),
    mainEntityOfPage: { '@type': 'WebPage', '@id': url },
    url,
    ...(safeUrl(article.canonicalUrl ?? article.url) ? { isBasedOn: safeUrl(article.canonicalUrl ?? article.url) } : {}),
  };
}

function Attribution(props: { article: Article }) {
  const { article } = props;
  if (!article.license) return null;
  const source = safeUrl(article.canonicalUrl ?? article.url);
  const lic = licenseUrl(article.license);
  return (
    <p class="attribution">
      Source: {article.publisher ?? 'the original publisher'} — “{article.headline}”
      {source && (
        <>
          {' ('}
          <a href={source} rel="nofollow noopener">
            {source}
          </a>
          {')'}
        </>
      )}
      , licensed under {lic ? <a href={lic} rel="license noopener">{article.license}</a> : article.license}.
    </p>
  );
}

function Body(props: { article: Article }) {
  const { article } = props;
  // Ingest sanitised bodyHtml already; sanitising again at render is defence in depth.
  if (article.bodyHtml) {
    const base = safeUrl(article.canonicalUrl ?? article.url);
    return <div class="article-body" dangerouslySetInnerHTML={{ __html: sanitiseArticleHtml(article.bodyHtml, base) }} />;
  }
  // A summary-only source (a feed entry without content, an API result without body) stores its summary
  // as the body: shown once, as the standfirst, with a pointer to the full text.
  if (article.body.length === 1 && article.body[0] === article.standfirst) {
    const original = safeUrl(article.canonicalUrl ?? article.url);
    return (
      <p class="article-body summary-only muted">
        Only this summary was received.{original && <> The full article is at <a href={original} rel="nofollow noopener">{new URL(original).host}</a>.</>}
      </p>
    );
  }
  return (
    <div class="article-body">
      {article.body.map((p) => (
        <p>{p}</p>
      ))}
    </div>
  );
}

export function ArticlePage(props: { ctx: SiteContext; data: ArticlePageData }) {
  const { ctx, data } = props;
  const { article, story } = data;
  // Above the headline, the story's title, unless it is this very headline (a story of one article).
  const kicker = story && story.title !== article.headline ? story : undefined;
  const path = paths.article(article.id);
  const url = `${ctx.baseUrl}${path}`;
  const image = safeUrl(article.image?.url);
  const original = safeUrl(article.canonicalUrl ?? article.url);
  const fromPublisher = article.sourceRelated;
  return (
    <Layout
      ctx={ctx}
      head={{
        title: article.headline,
        description: article.standfirst ?? article.body[0]?.slice(0, 200),
        path,
        og: {
          'og:type': 'article',
          'og:title': article.headline,
          'og:description': article.standfirst ?? article.body[0]?.slice(0, 200),
          'og:url': url,
          'og:site_name': 'Storyline',
          'og:image': image,
          'article:published_time': article.publishedAt,
          'article:modified_time': article.updatedAt,
          'article:section': article.section,
          'article:author': article.contributors.map((c) => c.name),
          'article:tag': article.tags,
        },
        jsonLd: newsArticleJsonLd(article, url),
        feeds: story
          ? [{ title: `Story: ${story.title}`, href: `/feed/story/${encodeURIComponent(story.id)}.atom`, type: 'atom' }]
          : undefined,
      }}
    >
      <div class="article-layout">
        <article class="article">
          <header class="article-head">
            {(article.section || kicker) && (
              <p class="kicker">
                {kicker ? <a href={paths.story(kicker.id)}>{kicker.title}</a> : <a href={paths.search({ section: article.section })}>{article.section}</a>}
              </p>
            )}
            <h1 class="headline">{article.headline}</h1>
            {article.standfirst && <p class="standfirst">{article.standfirst}</p>}
          </header>
          {image && (
            <figure class="lead-image">
              <img src={image} alt={article.image?.alt ?? ''} />
              {article.image?.caption && <figcaption>{article.image.caption}</figcaption>}
            </figure>
          )}
          <div class="article-meta">
            {(article.contributors.length > 0 || article.byline) && !bylineIsPublisher(article) && (
              <p class="byline">
                <Byline contributors={article.contributors} fallback={article.byline} />
              </p>
            )}
            {article.publisher && <p class="publisher">{article.publisher}</p>}
            <p class="dateline">
              <Time iso={article.publishedAt} />
              {article.updatedAt && article.updatedAt !== article.publishedAt && (
                <>
                  {' · updated '}
                  <Time iso={article.updatedAt} />
                </>
              )}
            </p>
          </div>
          {story && (
            <p class="story-link">
              <a href={paths.story(story.id)}>
                Follow the story: <strong>{story.title}</strong>
              </a>{' '}
              <span class="muted">— {plural(story.articleCount, 'article')} on its timeline</span>
            </p>
          )}
          <Body article={article} />
          <Chips chips={data.entities} heading="In this article" id="entities-heading" counts="mention" />
          <footer class="article-foot">
            <Attribution article={article} />
            {original && !article.license && (
              <p class="original">
                Original:{' '}
                <a href={original} rel="nofollow noopener">
                  {article.publisher ?? new URL(original).host}
                </a>
              </p>
            )}
          </footer>
        </article>
        <div class="article-side">
          <Rail entries={data.rail} />
          {fromPublisher.length > 0 && (
            <section class="rail from-publisher" aria-labelledby="publisher-related-heading">
              <h2 id="publisher-related-heading" class="rail-heading">
                From the publisher
              </h2>
              <ol class="cards">
                {fromPublisher.map((r, i) => (
                  <RailCard
                    card={{ id: `${article.id}-${i}`, headline: r.headline, standfirst: r.standfirst, byline: r.byline, contributors: r.contributors, publishedAt: r.publishedAt, image: r.image }}
                    href={safeUrl(r.url) ?? null}
                    external
                  />
                ))}
              </ol>
            </section>
          )}
        </div>
      </div>
    </Layout>
  );
}

export function renderArticlePage(ctx: SiteContext, data: ArticlePageData): string {
  return renderPage(<ArticlePage ctx={ctx} data={data} />);
}
