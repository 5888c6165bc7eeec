/**
 * `storyline search [QUERY...] [filters] [--json]`: the archive's full-text search from the terminal, the
 * same search (query language, filters, ranking, snippets) as the reader's search page and
 * GET /api/v1/search, through the same SiteData.search.
 */
import type { Command } from 'commander';
import { EntityType } from '../../model.ts';
import { InputError } from '../../errors.ts';
import { openStore } from '../../store/open.ts';
import { isDay } from '../../store/search.ts';
import { SEARCH_LIMITS, SiteData, storeHooks, type SearchData, type SearchParams } from '../../server/data.ts';
import { dayOf, highlightedText, shownBylineOf } from '../../format.ts';
import { CliError, printJson, printLine } from '../output.ts';
import { entityTypeOption, wholeNumber } from '../options.ts';

interface SearchOptions {
  db?: string;
  from?: string;
  to?: string;
  publisher?: string;
  section?: string;
  entity?: string;
  type?: string;
  contributor?: string;
  sort?: string;
  limit: string;
  page: string;
  json?: boolean;
}

function day(option: string, value: string | undefined): string | undefined {
  if (value !== undefined && !isDay(value)) throw new CliError(`--${option} must be a day as YYYY-MM-DD, not ${value}`, 2);
  return value;
}

/**
 * A highlighted headline or snippet for a terminal, on one line (a snippet may span paragraphs):
 * matched words in bold when stdout is one.
 */
function plain(html: string | undefined, bold: boolean): string {
  if (!html) return '';
  return (bold ? highlightedText(html, '\x1b[1m', '\x1b[22m') : highlightedText(html)).replace(/\s+/g, ' ').trim();
}

function printResults(results: SearchData, bold: boolean): void {
  const first = (results.page - 1) * results.pageSize + 1;
  if (!results.items.length) {
    printLine(results.total ? `no results on page ${results.page} (${results.total} in all)` : 'no results');
    return;
  }
  for (const hit of results.items) {
    const meta = [dayOf(hit.publishedAt), hit.publisher, shownBylineOf(hit), `id ${hit.id}`].filter(Boolean).join(' | ');
    printLine(plain(hit.headlineHtml, bold) || hit.headline);
    printLine(`  ${meta}`);
    const snippet = plain(hit.snippetHtml, bold) || hit.standfirst;
    if (snippet) printLine(`  ${snippet}`);
    printLine();
  }
  const last = first + results.items.length - 1;
  printLine(`${first}-${last} of ${results.total}, sorted by ${results.sort}${last < results.total ? ` (next: --page ${results.page + 1})` : ''}`);
}

export function registerSearch(program: Command): void {
  program
    .command('search')
    .description('full-text search with filters, as on the search page: words, "phrases", OR, NOT / -word, (groups), prefix*')
    .argument('[query...]', 'what to look for (none: every article, newest first); quote it, or put -- before it, when it holds -word')
    .option('--db <path|url>', 'database')
    .option('--from <day>', 'published on or after this day (YYYY-MM-DD)')
    .option('--to <day>', 'published on or before this day (YYYY-MM-DD)')
    .option('--publisher <name>', 'only this publisher')
    .option('--section <name>', 'only this section')
    .option('--entity <name>', 'only articles mentioning this person, organisation or place (name, alias or surname)')
    .option('--type <type>', `the entity's type (${EntityType.options.join(', ')})`)
    .option('--contributor <name>', 'only articles by this contributor')
    .option('--sort <order>', 'relevance or date (default: relevance with a query, else date)')
    .option('--limit <n>', `results per page, at most ${SEARCH_LIMITS.pageSize}`, String(SEARCH_LIMITS.defaultPageSize))
    .option('--page <n>', 'which page of results', '1')
    .option('--json', 'print one JSON object: {"total", "page", "pageSize", "sort", "words", "results": [...]}')
    .action(async (words: string[], opts: SearchOptions) => {
      const sort = opts.sort;
      if (sort !== undefined && sort !== 'relevance' && sort !== 'date') throw new CliError(`--sort must be relevance or date, not ${sort}`, 2);
      const order: SearchParams['sort'] = sort;
      const params: SearchParams = {
        q: words.join(' ').trim() || undefined,
        from: day('from', opts.from),
        to: day('to', opts.to),
        publisher: opts.publisher,
        section: opts.section,
        entity: opts.entity,
        entityType: entityTypeOption(opts.type),
        contributor: opts.contributor,
        sort: order,
        pageSize: wholeNumber('limit', opts.limit, SEARCH_LIMITS.pageSize),
        page: wholeNumber('page', opts.page, SEARCH_LIMITS.maxPage),
      };
      const store = await openStore(opts.db);
      try {
        let results: SearchData;
        try {
          results = await new SiteData(store, storeHooks(store)).search(params);
        } catch (err) {
          if (err instanceof InputError) throw new CliError(`cannot search for ${JSON.stringify(params.q)}: ${err.message}`, 2);
          throw err;
        }
        if (opts.json) {
          const { items, ...rest } = results;
          printJson({ ...rest, results: items });
        } else printResults(results, Boolean(process.stdout.isTTY));
      } finally {
        await store.close();
      }
    });
}
