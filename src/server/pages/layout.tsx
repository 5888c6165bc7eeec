/** The page shell: head (meta, OpenGraph, JSON-LD, feeds), masthead with search, footer. No scripts. */
import type { ComponentChildren } from 'preact';
import { renderToString } from 'preact-render-to-string';
import { jsonForScript } from '../format.ts';

/** What every page needs from the app. */
export interface SiteContext {
  /** Absolute base URL without a trailing slash (for canonical links and OpenGraph). */
  baseUrl: string;
  stylesheet: string;
  hasStories: boolean;
}

export interface HeadProps {
  title: string;
  description?: string;
  /** Path of this page, for the canonical link. */
  path?: string;
  /** OpenGraph properties ("og:type" -> "article"), rendered as <meta property>. */
  og?: Record<string, string | string[] | undefined>;
  jsonLd?: unknown;
  feeds?: { title: string; href: string; type: 'rss' | 'atom' | 'json' }[];
  noindex?: boolean;
}

const FEED_TYPES = { rss: 'application/rss+xml', atom: 'application/atom+xml', json: 'application/feed+json' } as const;

export function Layout(props: { ctx: SiteContext; head: HeadProps; children: ComponentChildren; wide?: boolean }) {
  const { ctx, head } = props;
  const og = Object.entries(head.og ?? {}).flatMap(([k, v]) => (v === undefined ? [] : (Array.isArray(v) ? v : [v]).map((c) => [k, c] as const)));
  return (
    <html lang="en">
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="color-scheme" content="light dark" />
        <title>{head.title === 'Storyline' ? head.title : `${head.title} · Storyline`}</title>
        {head.description && <meta name="description" content={head.description} />}
        {head.noindex && <meta name="robots" content="noindex" />}
        {head.path && <link rel="canonical" href={`${ctx.baseUrl}${head.path}`} />}
        <link rel="stylesheet" href={ctx.stylesheet} />
        {(head.feeds ?? [{ title: 'Storyline: latest articles', href: '/feed/latest.atom', type: 'atom' as const }]).map((f) => (
          <link rel="alternate" type={FEED_TYPES[f.type]} title={f.title} href={f.href} />
        ))}
        {og.map(([property, content]) => (
          <meta property={property} content={content} />
        ))}
        {head.jsonLd !== undefined && <script type="application/ld+json" dangerouslySetInnerHTML={{ __html: jsonForScript(head.jsonLd) }} />}
      </head>
      <body>
        <a class="skip" href="#main">
          Skip to content
        </a>
        <header class="masthead">
          <div class="wrap masthead-inner">
            <a class="brand" href="/">
              Storyline
            </a>
            <nav aria-label="Sections" class="nav">
              <a href="/">Latest</a>
              {ctx.hasStories && <a href="/stories">Stories</a>}
              <a href="/search">Search</a>
            </nav>
            <form class="masthead-search" role="search" action="/search" method="get">
              <label for="masthead-q" class="visually-hidden">
                Search the archive
              </label>
              <input id="masthead-q" name="q" type="search" placeholder="Search the archive" maxLength={500} />
              <button type="submit">Search</button>
            </form>
          </div>
        </header>
        <main id="main" class={props.wide ? 'wrap wide' : 'wrap'}>
          {props.children}
        </main>
        <footer class="site-footer">
          <div class="wrap">
            <p>
              Storyline — a self-hosted news archive that follows developing stories. <a href="/feed/latest.atom">Atom</a> ·{' '}
              <a href="/feed/latest.rss">RSS</a> · <a href="/feed/latest.json">JSON Feed</a> · <a href="/openapi.json">API</a>
            </p>
          </div>
        </footer>
      </body>
    </html>
  );
}

export function renderPage(node: preact.VNode): string {
  return `<!doctype html>${renderToString(node)}`;
}
