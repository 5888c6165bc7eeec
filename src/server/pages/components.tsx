/** Pieces shared by the pages: bylines, dates, article cards, the Related Content rail, charts, chips. */
import type { ComponentChildren } from 'preact';
import type { Contributor, Story } from '../../model.ts';
import type { DayCount } from '../../store/search.ts';
import type { ArticleCard, EntityChip, RailEntryView } from '../data.ts';
import { bylineIsPublisher } from '../../format.ts';
import {
  contributorSuffix, ENTITY_TYPE_LABEL, formatDateTime, formatMonth, formatShortDate, joinAnd, paths, plural, safeUrl,
} from '../format.ts';

export function Time(props: { iso?: string; short?: boolean }) {
  if (!props.iso) return null;
  return <time dateTime={props.iso}>{props.short ? formatShortDate(props.iso) : formatDateTime(props.iso)}</time>;
}

/**
 * A story's span: "3 Apr 2024 – 27 May 2024", or in prose " from 3 Apr 2024 to 27 May 2024"; one date
 * when both fall on the day shown.
 */
export function StorySpan(props: { story: Pick<Story, 'firstPublishedAt' | 'lastPublishedAt'>; prose?: boolean }) {
  const { firstPublishedAt: first, lastPublishedAt: last } = props.story;
  if (!first || !last) return null;
  if (formatShortDate(first) === formatShortDate(last)) {
    return (
      <>
        {props.prose ? ' on ' : ''}
        <Time iso={last} short />
      </>
    );
  }
  return props.prose ? (
    <>
      {' from '}
      <Time iso={first} short />
      {' to '}
      <Time iso={last} short />
    </>
  ) : (
    <>
      <Time iso={first} short /> – <Time iso={last} short />
    </>
  );
}

/** Contributors as links to their pages, with role and location ("Andrew Roth in Moscow and ..."). */
export function Byline(props: { contributors: readonly Contributor[]; fallback?: string; links?: boolean }) {
  if (!props.contributors.length) return props.fallback ? <>{props.fallback}</> : null;
  const parts = props.contributors.map((c) => (
    <span class="contributor">
      {props.links === false ? (
        c.name
      ) : (
        <a href={paths.contributor(c.name)} rel="author">
          {c.name}
        </a>
      )}
      {contributorSuffix(c)}
    </span>
  ));
  return <>{joinAnd(parts)}</>;
}

export function Meta(props: { card: ArticleCard; links?: boolean }) {
  const { card } = props;
  const items: ComponentChildren[] = [];
  if ((card.contributors.length || card.byline) && !bylineIsPublisher(card)) items.push(<span class="by"><Byline contributors={card.contributors} fallback={card.byline} links={props.links} /></span>);
  if (card.publisher) items.push(<span class="pub">{card.publisher}</span>);
  if (card.publishedAt) items.push(<Time iso={card.publishedAt} short />);
  return <p class="card-meta">{joinAnd(items, () => ' · ')}</p>;
}

/** One article in a list: headline (highlighted when searched), standfirst or snippet, meta line. */
export function ArticleItem(props: { card: ArticleCard; headingLevel?: 2 | 3; showSnippet?: boolean }) {
  const { card } = props;
  const H = props.headingLevel === 2 ? 'h2' : 'h3';
  return (
    <li class="item">
      <H class="item-headline">
        {card.headlineHtml ? (
          <a href={paths.article(card.id)} dangerouslySetInnerHTML={{ __html: card.headlineHtml }} />
        ) : (
          <a href={paths.article(card.id)}>{card.headline}</a>
        )}
      </H>
      {props.showSnippet && card.snippetHtml ? (
        <p class="item-snippet" dangerouslySetInnerHTML={{ __html: card.snippetHtml }} />
      ) : (
        card.standfirst && <p class="item-standfirst">{card.standfirst}</p>
      )}
      <Meta card={card} />
    </li>
  );
}

export function ArticleList(props: { cards: readonly ArticleCard[]; headingLevel?: 2 | 3; showSnippet?: boolean; label?: string }) {
  return (
    <ol class="items" aria-label={props.label}>
      {props.cards.map((card) => (
        <ArticleItem card={card} headingLevel={props.headingLevel} showSnippet={props.showSnippet} />
      ))}
    </ol>
  );
}

/** Why an article is in the rail: "Shares: Ukraine, Nato, Blinken · Same story". */
export function whyRelated(entry: Pick<RailEntryView, 'reasons'>): string | undefined {
  const shared = [...entry.reasons.entities, ...entry.reasons.terms].slice(0, 5);
  const parts = [];
  if (shared.length) parts.push(`Shares: ${shared.join(', ')}`);
  if (entry.reasons.sameStory) parts.push('Same story');
  return parts.length ? parts.join(' · ') : undefined;
}

/** A rail card, laid out like the reference page: image, headline, standfirst, byline, date (and why). */
export function RailCard(props: { card: ArticleCard; why?: string; href?: string | null; external?: boolean }) {
  const { card } = props;
  const img = safeUrl(card.image?.url);
  const href = props.href === undefined ? paths.article(card.id) : props.href;
  return (
    <li class={img ? 'card has-img' : 'card'}>
      {img && <img class="card-img" src={img} alt="" loading="lazy" decoding="async" />}
      <div class="card-text">
        <h3 class="card-headline">
          {href ? (
            <a href={href} rel={props.external ? 'nofollow noopener' : undefined}>
              {card.headline}
            </a>
          ) : (
            card.headline
          )}
        </h3>
        {card.standfirst && <p class="card-standfirst">{card.standfirst}</p>}
        {(card.contributors.length > 0 || card.byline) && (
          <p class="card-byline">
            <Byline contributors={card.contributors} fallback={card.byline} links={false} />
          </p>
        )}
        {card.publishedAt && (
          <p class="card-date">
            <Time iso={card.publishedAt} />
          </p>
        )}
        {props.why && <p class="card-why">{props.why}</p>}
      </div>
    </li>
  );
}

export function Rail(props: { entries: readonly RailEntryView[] }) {
  if (!props.entries.length) return null;
  return (
    <section class="rail" aria-labelledby="related-heading">
      <h2 id="related-heading" class="rail-heading">
        Related Content
      </h2>
      <ol class="cards">
        {props.entries.map((e) => (
          <RailCard card={e.article} why={whyRelated(e)} />
        ))}
      </ol>
    </section>
  );
}

/** Entity chips; `counts` says what a chip's number counts (mentions in an article, articles of a story). */
export function Chips(props: { chips: readonly EntityChip[]; heading: string; id: string; counts: 'mention' | 'article' }) {
  if (!props.chips.length) return null;
  return (
    <section class="chips" aria-labelledby={props.id}>
      <h2 id={props.id} class="section-heading small">
        {props.heading}
      </h2>
      <ul class="chip-list">
        {props.chips.map((c) => (
          <li>
            <a class={`chip chip-${c.type}`} href={paths.entity(c.type, c.name)}>
              <span class="visually-hidden">{ENTITY_TYPE_LABEL[c.type]}: </span>
              {c.name}
              {c.count !== undefined && c.count > 1 && <span class="chip-count" aria-label={`, ${plural(c.count, props.counts)}`}>{c.count}</span>}
            </a>
          </li>
        ))}
      </ul>
    </section>
  );
}

export function StoryCard(props: { story: Story; headingLevel?: 2 | 3 }) {
  const { story } = props;
  const H = props.headingLevel === 2 ? 'h2' : 'h3';
  return (
    <li class="story-card">
      <H class="story-card-title">
        <a href={paths.story(story.id)}>{story.title}</a>
      </H>
      <p class="story-card-meta">
        {plural(story.articleCount, 'article')}
        {story.firstPublishedAt && story.lastPublishedAt && (
          <>
            {' · '}
            <StorySpan story={story} />
          </>
        )}
        {story.status === 'active' && <span class="badge">Developing</span>}
      </p>
      {story.keyEntities.length > 0 && <p class="story-card-entities">{story.keyEntities.slice(0, 4).map((e) => e.name).join(' · ')}</p>}
    </li>
  );
}

export function StoryList(props: { stories: readonly Story[]; headingLevel?: 2 | 3; label?: string }) {
  return (
    <ol class="story-cards" aria-label={props.label}>
      {props.stories.map((s) => (
        <StoryCard story={s} headingLevel={props.headingLevel} />
      ))}
    </ol>
  );
}

interface Bucket {
  key: string;
  label: string;
  count: number;
}

/** Days, filled with zeros between the first and the last; months when the span is long. */
export function buckets(days: readonly DayCount[]): { unit: 'day' | 'month'; buckets: Bucket[] } {
  if (!days.length) return { unit: 'day', buckets: [] };
  const first = new Date(`${days[0]!.day}T00:00:00Z`);
  const last = new Date(`${days[days.length - 1]!.day}T00:00:00Z`);
  if (Number.isNaN(first.getTime()) || Number.isNaN(last.getTime())) return { unit: 'day', buckets: [] };
  const span = Math.round((last.getTime() - first.getTime()) / 86_400_000);
  const counts = new Map<string, number>();
  if (span <= 92) {
    for (const d of days) counts.set(d.day, (counts.get(d.day) ?? 0) + d.count);
    const out: Bucket[] = [];
    for (let t = first.getTime(); t <= last.getTime(); t += 86_400_000) {
      const key = new Date(t).toISOString().slice(0, 10);
      out.push({ key, label: formatShortDate(key), count: counts.get(key) ?? 0 });
    }
    return { unit: 'day', buckets: out };
  }
  for (const d of days) counts.set(d.day.slice(0, 7), (counts.get(d.day.slice(0, 7)) ?? 0) + d.count);
  const out: Bucket[] = [];
  const cursor = new Date(Date.UTC(first.getUTCFullYear(), first.getUTCMonth(), 1));
  while (cursor <= last && out.length < 600) {
    const key = cursor.toISOString().slice(0, 7);
    out.push({ key, label: formatMonth(key), count: counts.get(key) ?? 0 });
    cursor.setUTCMonth(cursor.getUTCMonth() + 1);
  }
  return { unit: 'month', buckets: out };
}

/**
 * Articles per day (or month) as an inline SVG bar chart: role="img" with a title and a description that
 * says what it shows, and the numbers as a table beneath for anyone who cannot see it.
 */
export function BarChart(props: { data: readonly DayCount[]; id: string; title: string; noun?: string }) {
  const { unit, buckets: bars } = buckets(props.data);
  if (!bars.length) return null;
  const noun = props.noun ?? 'article';
  const W = 360;
  const H = 130;
  const top = 16;
  const bottom = 22;
  const max = Math.max(...bars.map((b) => b.count), 1);
  const step = W / bars.length;
  const gap = Math.min(step * 0.2, 4);
  const total = bars.reduce((s, b) => s + b.count, 0);
  const peak = bars.reduce((p, b) => (b.count > p.count ? b : p), bars[0]!);
  const desc = `${plural(total, noun)} from ${bars[0]!.label} to ${bars[bars.length - 1]!.label}, by ${unit}; the most was ${plural(peak.count, noun)} ${unit === 'day' ? 'on' : 'in'} ${peak.label}.`;
  return (
    <figure class="chart">
      <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-labelledby={`${props.id}-title ${props.id}-desc`} class="chart-svg">
        <title id={`${props.id}-title`}>{props.title}</title>
        <desc id={`${props.id}-desc`}>{desc}</desc>
        <line x1="0" x2={W} y1={H - bottom} y2={H - bottom} class="chart-axis" />
        {bars.map((b, i) => {
          const h = b.count ? Math.max(2, ((H - top - bottom) * b.count) / max) : 0;
          return (
            <rect x={i * step + gap / 2} y={H - bottom - h} width={Math.max(step - gap, 1)} height={h} class="chart-bar">
              <title>{`${b.label}: ${plural(b.count, noun)}`}</title>
            </rect>
          );
        })}
        <text x="0" y={H - 6} class="chart-label">
          {bars[0]!.label}
        </text>
        {bars.length > 1 && (
          <text x={W} y={H - 6} class="chart-label" text-anchor="end">
            {bars[bars.length - 1]!.label}
          </text>
        )}
        <text x="0" y="11" class="chart-label">
          {`max ${max}`}
        </text>
      </svg>
      <figcaption>{desc}</figcaption>
      <details class="chart-table">
        <summary>Show the numbers</summary>
        <table>
          <thead>
            <tr>
              <th scope="col">{unit === 'day' ? 'Day' : 'Month'}</th>
              <th scope="col">{noun[0]!.toUpperCase() + noun.slice(1)}s</th>
            </tr>
          </thead>
          <tbody>
            {bars
              .filter((b) => b.count > 0)
              .map((b) => (
                <tr>
                  <td>{b.label}</td>
                  <td>{b.count}</td>
                </tr>
              ))}
          </tbody>
        </table>
      </details>
    </figure>
  );
}

export function Pager(props: { page: number; pageSize: number; total: number; href: (page: number) => string }) {
  const pages = Math.max(1, Math.ceil(props.total / props.pageSize));
  if (pages <= 1) return null;
  return (
    <nav class="pager" aria-label="Pages">
      {props.page > 1 ? <a href={props.href(props.page - 1)} rel="prev">← Newer</a> : <span />}
      <span class="pager-where">
        Page {props.page} of {pages.toLocaleString('en-GB')}
      </span>
      {props.page < pages ? <a href={props.href(props.page + 1)} rel="next">Older →</a> : <span />}
    </nav>
  );
}

/** Links to a page's feeds; `href` gives the URL of each format ("atom", "rss", "json"). */
export function FeedLinks(props: { href: (ext: 'atom' | 'rss' | 'json') => string; label: string }) {
  return (
    <p class="feed-links">
      Follow {props.label}: <a href={props.href('atom')}>Atom</a> · <a href={props.href('rss')}>RSS</a> ·{' '}
      <a href={props.href('json')}>JSON Feed</a>
    </p>
  );
}
