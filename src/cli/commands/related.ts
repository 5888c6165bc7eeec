/**
 * `storyline related ID|URL [--k 9] [--json]`: an article's Related Content rail (one indexed lookup),
 * each entry with its score and reasons, and apart from it the links the publisher itself listed.
 */
import type { Command } from 'commander';
import type { RailEntry, SourceRelated } from '../../model.ts';
import type { ArticleSummary } from '../../store/articles.ts';
import { openStore } from '../../store/open.ts';
import { CliError, printJson, printLine } from '../output.ts';
import { findArticle } from './show.ts';

export interface RailItem extends RailEntry {
  article?: ArticleSummary;
}

/** "shares: Ukraine, Nato, Blinken" (entities first, then terms; "same story" when known). */
export function sharesLine(reasons: RailEntry['reasons']): string {
  const words = [...reasons.entities, ...reasons.terms];
  const seen = new Set<string>();
  const unique = words.filter((w) => !seen.has(w.toLowerCase()) && seen.add(w.toLowerCase()));
  return [reasons.sameStory ? 'same story' : '', unique.length ? `shares: ${unique.join(', ')}` : ''].filter(Boolean).join('; ');
}

function printRail(headline: string, items: readonly RailItem[], fromPublisher: readonly SourceRelated[]): void {
  printLine(`Related to: ${headline}`);
  printLine();
  if (!items.length) printLine('  (no related articles yet)');
  for (const item of items) {
    const a = item.article;
    printLine(`${String(item.rank + 1).padStart(2)}. ${a?.headline ?? item.articleId}  [${item.score.toFixed(3)}]`);
    const meta = [a?.publishedAt?.slice(0, 10), a?.publisher, `id ${item.articleId}`].filter(Boolean).join(' | ');
    printLine(`    ${meta}`);
    const shares = sharesLine(item.reasons);
    if (shares) printLine(`    ${shares}`);
  }
  if (fromPublisher.length) {
    printLine();
    printLine('From the publisher:');
    for (const r of fromPublisher) {
      printLine(`  - ${r.headline}${r.publishedAt ? ` (${r.publishedAt.slice(0, 10)})` : ''}${r.byline ? ` — ${r.byline}` : ''}`);
    }
  }
}

export function registerRelated(program: Command): void {
  program
    .command('related')
    .description("print an article's Related Content rail with scores and reasons")
    .argument('<id-or-url>')
    .option('--db <path|url>', 'database')
    .option('--k <n>', 'how many entries', '9')
    .option('--json', 'print {article, rail, fromPublisher} as JSON')
    .action(async (idOrUrl: string, opts: { db?: string; k: string; json?: boolean }) => {
      const k = Number(opts.k);
      if (!Number.isInteger(k) || k < 1) throw new CliError(`--k must be a positive integer, not ${opts.k}`);
      const store = await openStore(opts.db);
      try {
        const found = await findArticle(store, idOrUrl);
        if (!found) throw new CliError(`no article ${idOrUrl}`);
        // A duplicate has no rail of its own: it shows its original's.
        const article = found.duplicateOf ? ((await store.articles.get(found.duplicateOf)) ?? found) : found;
        const rail = (await store.related.rail(article.id, k + 1)).filter((e) => e.articleId !== found.id).slice(0, k);
        const summaries = new Map((await store.articles.summaries(rail.map((e) => e.articleId))).map((s) => [s.id, s]));
        const items: RailItem[] = rail.map((e, rank) => ({ ...e, rank, article: summaries.get(e.articleId) }));
        if (opts.json) printJson({ article: { id: found.id, headline: found.headline }, rail: items, fromPublisher: found.sourceRelated });
        else printRail(found.headline, items, found.sourceRelated);
      } finally {
        await store.close();
      }
    });
}
