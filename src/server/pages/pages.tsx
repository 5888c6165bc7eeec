/** Home, stories, story, entity, contributor, search and error pages. */
import type { ComponentChildren } from 'preact';
import type { Story } from '../../model.ts';
import type { Facet } from '../../store/search.ts';
import type { ContributorPageData, EntityPageData, HomeData, SearchData, SearchParams, StoryPageData } from '../data.ts';
import { ENTITY_TYPE_LABEL, formatDay, paths, plural } from '../format.ts';
import { ArticleList, BarChart, Chips, FeedLinks, Meta, Pager, StoryList, StorySpan } from './components.tsx';
import { Layout, renderPage, type SiteContext } from './layout.tsx';
import { aliasesOf, dayOf } from '../../format.ts';

export function renderHome(ctx: SiteContext, data: HomeData, before?: string): string {
  return renderPage(
    <Layout ctx={ctx} head={{ title: 'Storyline', description: 'The latest news and the stories developing in it.', path: '/' }}>
      <h1 class="visually-hidden">Storyline: latest news and developing stories</h1>
      {data.hotStories.length > 0 && !before && (
        <section class="home-stories" aria-labelledby="hot-heading">
          <h2 id="hot-heading" class="section-heading">
            Top stories
          </h2>
          <StoryList stories={data.hotStories} headingLevel={3} />
          {ctx.hasStories && (
            <p class="more">
              <a href={paths.stories(1, false)}>All stories →</a>
            </p>
          )}
        </section>
      )}
      <section class="home-latest" aria-labelledby="latest-heading">
        <h2 id="latest-heading" class="section-heading">
          {before ? `Articles before ${formatDay(before)}` : 'Latest'}
        </h2>
        {data.latest.length ? <ArticleList cards={data.latest} headingLevel={3} /> : <p class="empty">The archive is empty. Ingest some articles with <code>storyline ingest</code>.</p>}
        {data.next && (
          <nav class="pager" aria-label="Pages">
            <span />
            <a href={`/?before=${encodeURIComponent(data.next)}`} rel="next">
              Older articles →
            </a>
          </nav>
        )}
      </section>
    </Layout>,
  );
}

interface StoriesView {
  page: number;
  hasMore: boolean;
  /** Only developing stories (an article within the archive's quiet period). */
  developing: boolean;
}

export function renderStories(ctx: SiteContext, stories: Story[], view: StoriesView): string {
  const { page, hasMore, developing } = view;
  const title = developing ? 'Developing stories' : 'Stories';
  const description = developing ? 'Stories with a new article lately, most recently updated first.' : 'Every story in the archive, most recently updated first.';
  return renderPage(
    <Layout ctx={ctx} head={{ title, path: paths.stories(page, developing), description }}>
      <h1 class="page-title">{title}</h1>
      <nav class="view-switch" aria-label="Which stories">
        <a href={paths.stories(1, false)} aria-current={developing ? undefined : 'page'}>
          All
        </a>
        <a href={paths.stories(1, true)} aria-current={developing ? 'page' : undefined}>
          Developing
        </a>
      </nav>
      {stories.length ? <StoryList stories={stories} headingLevel={2} /> : <p class="empty">{developing ? 'No story is developing: none has had a new article lately.' : 'No stories yet.'}</p>}
      <nav class="pager" aria-label="Pages">
        {page > 1 ? <a href={paths.stories(page - 1, developing)} rel="prev">← Newer</a> : <span />}
        {hasMore ? <a href={paths.stories(page + 1, developing)} rel="next">Older →</a> : <span />}
      </nav>
    </Layout>,
  );
}

export function renderStory(ctx: SiteContext, data: StoryPageData): string {
  const { story, timeline } = data;
  const days = new Map<string, typeof timeline>();
  for (const card of timeline) {
    const day = dayOf(card.publishedAt);
    days.set(day, [...(days.get(day) ?? []), card]);
  }
  const chips = story.keyEntities.map((e) => ({ name: e.name, type: e.type, count: e.count }));
  const feed = (ext: string) => `/feed/story/${encodeURIComponent(story.id)}.${ext}`;
  return renderPage(
    <Layout
      ctx={ctx}
      head={{
        title: story.title,
        description: `${plural(story.articleCount, 'article')} following the story: ${story.title}`,
        path: paths.story(story.id),
        og: { 'og:type': 'website', 'og:title': story.title, 'og:url': `${ctx.baseUrl}${paths.story(story.id)}`, 'og:site_name': 'Storyline' },
        feeds: [{ title: `Story: ${story.title}`, href: feed('atom'), type: 'atom' }],
      }}
    >
      <header class="page-head">
        <p class="kicker">Story {story.status === 'active' && <span class="badge">Developing</span>}</p>
        <h1 class="page-title">{story.title}</h1>
        <p class="page-sub">
          {plural(story.articleCount, 'article')}
          <StorySpan story={story} prose />
          {story.sources.length > 0 && <> · sources: {story.sources.join(', ')}</>}
        </p>
      </header>
      <div class="two-col">
        <div class="col-main">
          <section aria-labelledby="timeline-heading">
            <h2 id="timeline-heading" class="section-heading">
              Timeline
            </h2>
            <ol class="timeline">
              {[...days].map(([day, cards]) => (
                <li class="timeline-day">
                  <h3 class="timeline-date">{day === 'undated' ? 'Undated' : <time dateTime={day}>{formatDay(day)}</time>}</h3>
                  <ol class="items">
                    {cards.map((card) => (
                      <li class="item">
                        <h4 class="item-headline">
                          <a href={paths.article(card.id)}>{card.headline}</a>
                        </h4>
                        {card.standfirst && <p class="item-standfirst">{card.standfirst}</p>}
                        <Meta card={card} />
                      </li>
                    ))}
                  </ol>
                </li>
              ))}
            </ol>
          </section>
        </div>
        <aside class="col-side" aria-label="About this story">
          <section aria-labelledby="per-day-heading">
            <h2 id="per-day-heading" class="section-heading small">
              Coverage
            </h2>
            <BarChart data={data.perDay} id="story-chart" title={`Articles per day: ${story.title}`} />
          </section>
          <Chips chips={chips} heading="Key people, organisations and places" id="key-entities-heading" counts="article" />
          {story.sources.length > 0 && (
            <section aria-labelledby="sources-heading">
              <h2 id="sources-heading" class="section-heading small">
                Sources
              </h2>
              <ul class="plain-list">
                {story.sources.map((s) => (
                  <li>
                    <a href={paths.search({ publisher: s })}>{s}</a>
                  </li>
                ))}
              </ul>
            </section>
          )}
          <FeedLinks href={feed} label="this story" />
        </aside>
      </div>
    </Layout>,
  );
}

/** Entity and contributor pages share one shape: latest articles, and beside them a chart, stories, feeds. */
interface ProfileProps {
  ctx: SiteContext;
  kicker: string;
  name: string;
  sub?: ComponentChildren;
  path: string;
  description: string;
  feed: (ext: string) => string;
  feedTitle: string;
  chart: { heading: string; id: string; title: string; data: EntityPageData['perDay'] };
  storiesHeading: string;
  stories: Story[];
  articles: EntityPageData['articles'];
}

function ProfilePage(props: ProfileProps) {
  const { ctx, name, path } = props;
  return (
    <Layout ctx={ctx} head={{ title: name, path, description: props.description, feeds: [{ title: props.feedTitle, href: props.feed('atom'), type: 'atom' }] }}>
      <header class="page-head">
        <p class="kicker">{props.kicker}</p>
        <h1 class="page-title">{name}</h1>
        {props.sub && <p class="page-sub">{props.sub}</p>}
      </header>
      <div class="two-col">
        <div class="col-main">
          <section aria-labelledby="latest-heading">
            <h2 id="latest-heading" class="section-heading">
              Latest articles
            </h2>
            <ArticleList cards={props.articles.items} headingLevel={3} />
            <Pager {...props.articles} href={(p) => `${path}?page=${p}`} />
          </section>
        </div>
        <aside class="col-side" aria-label={`About ${name}`}>
          <section aria-labelledby="chart-heading">
            <h2 id="chart-heading" class="section-heading small">
              {props.chart.heading}
            </h2>
            <BarChart data={props.chart.data} id={props.chart.id} title={props.chart.title} />
          </section>
          {props.stories.length > 0 && (
            <section aria-labelledby="stories-heading">
              <h2 id="stories-heading" class="section-heading small">
                {props.storiesHeading}
              </h2>
              <StoryList stories={props.stories} headingLevel={3} />
            </section>
          )}
          <FeedLinks href={props.feed} label={name} />
        </aside>
      </div>
    </Layout>
  );
}

export function renderEntity(ctx: SiteContext, data: EntityPageData): string {
  const { entity } = data;
  const others = aliasesOf(entity);
  return renderPage(
    <ProfilePage
      ctx={ctx}
      kicker={ENTITY_TYPE_LABEL[entity.type]}
      name={entity.name}
      sub={others.length > 0 ? `Also: ${others.join(', ')}` : undefined}
      path={paths.entity(entity.type, entity.name)}
      description={`${entity.name}: mentions over time, stories and latest articles.`}
      feed={(ext) => `/feed/entity/${entity.type}/${encodeURIComponent(entity.name)}.${ext}`}
      feedTitle={entity.name}
      chart={{ heading: 'Mentions over time', id: 'entity-chart', title: `Articles mentioning ${entity.name} over time`, data: data.perDay }}
      storiesHeading="Stories"
      stories={data.stories}
      articles={data.articles}
    />,
  );
}

export function renderContributor(ctx: SiteContext, data: ContributorPageData): string {
  const about = [data.roles[0], data.locations.length ? `filing from ${data.locations.slice(0, 3).join(', ')}` : undefined].filter(Boolean).join(', ');
  return renderPage(
    <ProfilePage
      ctx={ctx}
      kicker="Contributor"
      name={data.name}
      sub={`${plural(data.articles.total, 'article')}${about ? ` · ${about}` : ''}`}
      path={paths.contributor(data.name)}
      description={`Articles by ${data.name}.`}
      feed={(ext) => `/feed/contributor/${encodeURIComponent(data.name)}.${ext}`}
      feedTitle={`Articles by ${data.name}`}
      chart={{ heading: 'Articles over time', id: 'contributor-chart', title: `Articles by ${data.name} over time`, data: data.perDay }}
      storiesHeading="Stories covered"
      stories={data.stories}
      articles={data.articles}
    />,
  );
}

function Select(props: { id: string; label: string; value?: string; options: Facet[] }) {
  return (
    <div class="field">
      <label for={props.id}>{props.label}</label>
      <select id={props.id} name={props.id}>
        <option value="">Any</option>
        {props.value && !props.options.some((o) => o.name === props.value) && (
          <option value={props.value} selected>
            {props.value}
          </option>
        )}
        {props.options.map((o) => (
          <option value={o.name} selected={o.name === props.value}>
            {o.name} ({o.count})
          </option>
        ))}
      </select>
    </div>
  );
}

function Field(props: { id: string; label: string; value?: string; type?: 'text' | 'date'; placeholder?: string }) {
  return (
    <div class="field">
      <label for={props.id}>{props.label}</label>
      {props.type === 'date' ? (
        <input id={props.id} name={props.id} type="date" value={props.value ?? ''} />
      ) : (
        <input id={props.id} name={props.id} type="text" value={props.value ?? ''} placeholder={props.placeholder} maxLength={200} />
      )}
    </div>
  );
}

export interface SearchPageProps {
  params: SearchParams;
  facets: { publishers: Facet[]; sections: Facet[] };
  results?: SearchData;
  error?: string;
}

export function renderSearch(ctx: SiteContext, props: SearchPageProps): string {
  const { params, results } = props;
  const linkParams = { q: params.q, from: params.from, to: params.to, publisher: params.publisher, section: params.section, entity: params.entity, entityType: params.entityType, contributor: params.contributor, sort: params.sort };
  const feedQuery = paths.search(linkParams).replace(/^\/search/, '');
  const feed = (ext: string) => `/feed/search.${ext}${feedQuery}`;
  const title = params.q ? `Search: ${params.q}` : 'Search';
  return renderPage(
    <Layout ctx={ctx} head={{ title, description: 'Search the archive.', noindex: true, feeds: results ? [{ title, href: feed('atom'), type: 'atom' }] : undefined }}>
      <h1 class="page-title">Search</h1>
      <form class="search-form" action="/search" method="get" role="search">
        <div class="field field-q">
          <label for="q">Words</label>
          <input id="q" name="q" type="search" value={params.q ?? ''} maxLength={500} aria-describedby="q-help" />
          <p id="q-help" class="help">
            Use "quotes" for a phrase, OR for either word, NOT or a minus sign to leave a word out.
          </p>
        </div>
        <div class="filters">
          <Field id="from" label="From" type="date" value={params.from} />
          <Field id="to" label="To" type="date" value={params.to} />
          <Select id="publisher" label="Source" value={params.publisher} options={props.facets.publishers} />
          <Select id="section" label="Section" value={params.section} options={props.facets.sections} />
          <Field id="contributor" label="Contributor" value={params.contributor} />
          <Field id="entity" label="Person, organisation or place" value={params.entity} />
          <div class="field">
            <label for="sort">Sort by</label>
            <select id="sort" name="sort">
              <option value="relevance" selected={params.sort !== 'date'}>
                Relevance
              </option>
              <option value="date" selected={params.sort === 'date'}>
                Newest first
              </option>
            </select>
          </div>
        </div>
        <button type="submit" class="button">
          Search
        </button>
      </form>
      {props.error && (
        <p class="notice" role="alert">
          {props.error}
        </p>
      )}
      {results && (
        <section aria-labelledby="results-heading" class="results">
          <h2 id="results-heading" class="section-heading">
            {plural(results.total, 'result')}
            {params.q ? ` for “${params.q}”` : ''}
          </h2>
          {results.items.length > 0 ? (
            <ArticleList cards={results.items} headingLevel={3} showSnippet />
          ) : (
            <p class="empty">Nothing matched. Try fewer words or a wider date range.</p>
          )}
          <Pager page={results.page} pageSize={results.pageSize} total={results.total} href={(p) => paths.search({ ...linkParams, page: p })} />
          <FeedLinks href={feed} label="this search" />
        </section>
      )}
    </Layout>,
  );
}

export function renderNotFound(ctx: SiteContext, message = 'We could not find that page.'): string {
  return renderPage(
    <Layout ctx={ctx} head={{ title: 'Page not found', noindex: true }}>
      <div class="not-found">
        <p class="kicker">404</p>
        <h1 class="page-title">Page not found</h1>
        <p>{message}</p>
        <p>
          Try the <a href="/">latest articles</a> or search the archive:
        </p>
        <form action="/search" method="get" role="search" class="inline-search">
          <label for="nf-q" class="visually-hidden">
            Search the archive
          </label>
          <input id="nf-q" name="q" type="search" maxLength={500} />
          <button type="submit" class="button">
            Search
          </button>
        </form>
      </div>
    </Layout>,
  );
}

export function renderError(ctx: SiteContext, status: number, message: string): string {
  return renderPage(
    <Layout ctx={ctx} head={{ title: status >= 500 ? 'Something went wrong' : 'Bad request', noindex: true }}>
      <div class="not-found">
        <p class="kicker">{status}</p>
        <h1 class="page-title">{status >= 500 ? 'Something went wrong' : 'That request did not work'}</h1>
        <p>{message}</p>
        <p>
          <a href="/">Back to the latest articles</a>
        </p>
      </div>
    </Layout>,
  );
}
