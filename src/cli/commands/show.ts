/** `storyline show ID|URL`: one stored article, as text or as the model's JSON. */
import type { Command } from 'commander';
import type { Article, Mention } from '../../model.ts';
import type { Store } from '../../store/store.ts';
import { normaliseUrl } from '../../ingest/url.ts';
import { openStore } from '../../store/open.ts';
import { shownBylineOf } from '../../format.ts';
import { CliError, printJson, printLine } from '../output.ts';

/** Finds an article by id, by URL, or by canonical URL. */
export async function findArticle(store: Store, idOrUrl: string): Promise<Article | undefined> {
  const byId = await store.articles.get(idOrUrl);
  if (byId) return byId;
  const id = (await store.articles.idByUrl(normaliseUrl(idOrUrl) ?? idOrUrl)) ?? (await store.articles.idByUrl(idOrUrl));
  return id ? store.articles.get(id) : undefined;
}

/** The article's entities as show prints them: name, type, mentions; contributors last. */
export async function articleEntities(store: Store, id: string): Promise<{ name: string; type: Mention['type']; count: number }[]> {
  return (await store.entities.forArticle(id)).map((m) => ({ name: m.name, type: m.type, count: m.count }));
}

function printArticle(a: Article, entities: { name: string; type: string; count: number }[]): void {
  printLine(a.headline);
  if (a.standfirst) printLine(a.standfirst);
  printLine();
  const meta = [shownBylineOf(a), a.publisher, a.publishedAt, a.section].filter(Boolean).join(' | ');
  if (meta) printLine(meta);
  const named = entities.filter((e) => e.type !== 'contributor');
  if (named.length) printLine(`Entities: ${named.map((e) => `${e.name} (${e.type}, ${e.count})`).join(', ')}`);
  printLine(`id ${a.id}${a.duplicateOf ? ` (duplicate of ${a.duplicateOf})` : ''}${a.canonicalUrl ? ` | ${a.canonicalUrl}` : ''}`);
  printLine();
  for (const p of a.body) printLine(`${p}\n`);
  if (a.sourceRelated.length) {
    printLine('Related (from the publisher):');
    for (const r of a.sourceRelated) printLine(`  - ${r.headline}${r.publishedAt ? ` (${r.publishedAt.slice(0, 10)})` : ''}${r.byline ? ` — ${r.byline}` : ''}`);
  }
}

export function registerShow(program: Command): void {
  program
    .command('show')
    .description('print one article by id or URL')
    .argument('<id-or-url>')
    .option('--db <path|url>', 'database')
    .option('--json', 'print the article as JSON with the model field names')
    .action(async (idOrUrl: string, opts: { db?: string; json?: boolean }) => {
      const store = await openStore(opts.db);
      try {
        const article = await findArticle(store, idOrUrl);
        if (!article) throw new CliError(`no article ${idOrUrl}`);
        const entities = await articleEntities(store, article.id);
        if (opts.json) printJson({ ...article, entities });
        else printArticle(article, entities);
      } finally {
        await store.close();
      }
    });
}
