/** `storyline show ID|URL`: one stored article, as text or as the model's JSON. */
import type { Command } from 'commander';
import type { Article } from '../../model.ts';
import type { Store } from '../../store/store.ts';
import { normaliseUrl } from '../../ingest/url.ts';
import { openStore } from '../../store/open.ts';
import { bylineOf } from '../../format.ts';
import { CliError, printJson, printLine } from '../output.ts';

/** Finds an article by id, by URL, or by canonical URL. */
export async function findArticle(store: Store, idOrUrl: string): Promise<Article | undefined> {
  const byId = await store.articles.get(idOrUrl);
  if (byId) return byId;
  const id = (await store.articles.idByUrl(normaliseUrl(idOrUrl) ?? idOrUrl)) ?? (await store.articles.idByUrl(idOrUrl));
  return id ? store.articles.get(id) : undefined;
}

function printArticle(a: Article): void {
  printLine(a.headline);
  if (a.standfirst) printLine(a.standfirst);
  printLine();
  const meta = [bylineOf(a), a.publisher, a.publishedAt, a.section].filter(Boolean).join(' | ');
  if (meta) printLine(meta);
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
        if (opts.json) printJson(article);
        else printArticle(article);
      } finally {
        await store.close();
      }
    });
}
