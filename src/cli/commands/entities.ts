/**
 * `storyline entities`: the archive's entities, most mentioned first.
 * `storyline entity NAME`: one entity (by name, alias or surname) with its aliases, latest articles,
 * stories and mentions per day.
 */
import type { Command } from 'commander';
import { EntityType } from '../../model.ts';
import { openStore } from '../../store/open.ts';
import { CliError, printJson, printLine } from '../output.ts';
import { entityTypeOption, wholeNumber } from '../options.ts';
import { aliasesOf, dayOf, plural } from '../../format.ts';
import { ENTITY_ARTICLES, storiesAmong } from '../../server/data.ts';
import { formatSpan } from './stories.ts';

export function registerEntities(program: Command): void {
  program
    .command('entities')
    .description('list the people, organisations, places and contributors the archive mentions, most articles first')
    .option('--db <path|url>', 'database')
    .option('--type <type>', `only this type (${EntityType.options.join(', ')})`)
    .option('--limit <n>', 'at most this many', '50')
    .option('--json', 'print a JSON array of {"name", "type", "aliases", "articles"}')
    .action(async (opts: { db?: string; type?: string; limit: string; json?: boolean }) => {
      const type = entityTypeOption(opts.type);
      const limit = wholeNumber('limit', opts.limit, 10_000);
      const store = await openStore(opts.db);
      try {
        const list = await store.entities.list({ type, limit });
        if (opts.json) {
          printJson(list.map((e) => ({ name: e.name, type: e.type, aliases: aliasesOf(e), articles: e.articleCount })));
          return;
        }
        for (const e of list) {
          const aliases = aliasesOf(e);
          printLine(`${String(e.articleCount).padStart(6)}  ${e.type.padEnd(12)}  ${e.name}${aliases.length ? ` (${aliases.join(', ')})` : ''}`);
        }
      } finally {
        await store.close();
      }
    });

  program
    .command('entity')
    .description('show one entity: aliases, latest articles, stories, mentions per day')
    .argument('<name>', 'a name, an alias or a surname')
    .option('--db <path|url>', 'database')
    .option('--type <type>', `only this type (${EntityType.options.join(', ')})`)
    .option('--limit <n>', 'at most this many articles', '20')
    .option('--json', 'print JSON')
    .action(async (name: string, opts: { db?: string; type?: string; limit: string; json?: boolean }) => {
      const type = entityTypeOption(opts.type);
      const limit = wholeNumber('limit', opts.limit, 10_000);
      const store = await openStore(opts.db);
      try {
        const [entity, ...others] = await store.entities.findByName(name, type);
        if (!entity) throw new CliError(`no entity ${name}${type ? ` of type ${type}` : ''}`);
        // One read of its latest articles: the first `limit` are listed, the first ENTITY_ARTICLES give
        // its stories, as its page finds them.
        const latest = await store.entities.articles(entity.id, { limit: Math.max(limit, ENTITY_ARTICLES) });
        const mentioning = latest.slice(0, limit);
        const summaries = new Map((await store.articles.summaries(mentioning.map((m) => m.articleId))).map((s) => [s.id, s]));
        const articles = mentioning.map((m) => ({
          id: m.articleId,
          headline: summaries.get(m.articleId)?.headline ?? '',
          publishedAt: summaries.get(m.articleId)?.publishedAt,
          mentions: m.count,
        }));
        const perDay = await store.entities.mentionsPerDay(entity.id);
        const stories = (await storiesAmong(store, latest.slice(0, ENTITY_ARTICLES).map((m) => m.articleId))).map((s) => ({
          id: s.id,
          title: s.title,
          articleCount: s.articleCount,
          firstPublishedAt: s.firstPublishedAt,
          lastPublishedAt: s.lastPublishedAt,
        }));
        const result = {
          id: entity.id,
          name: entity.name,
          type: entity.type,
          aliases: aliasesOf(entity),
          articleCount: entity.articleCount,
          articles,
          stories,
          mentionsPerDay: perDay,
          alsoMatching: others.map((e) => ({ name: e.name, type: e.type, articles: e.articleCount })),
        };
        if (opts.json) {
          printJson(result);
          return;
        }
        printLine(`${entity.name} (${entity.type}, ${plural(entity.articleCount, 'article')})`);
        if (result.aliases.length) printLine(`also written: ${result.aliases.join(', ')}`);
        if (others.length) printLine(`also matching: ${others.map((e) => `${e.name} (${e.type}, ${e.articleCount})`).join(', ')}`);
        printLine();
        printLine('Latest articles:');
        for (const a of articles) printLine(`  ${dayOf(a.publishedAt).padEnd(10)}  ${a.headline}  [${a.id}]`);
        if (stories.length) {
          printLine();
          printLine('Stories:');
          for (const s of stories) printLine(`  ${formatSpan(s).padEnd(24)}  ${s.title} (${plural(s.articleCount, 'article')})  [${s.id}]`);
        }
        if (perDay.length) {
          printLine();
          printLine('Mentions per day:');
          const top = Math.max(...perDay.map((d) => d.mentions));
          for (const d of perDay) printLine(`  ${d.day}  ${String(d.mentions).padStart(5)}  ${'#'.repeat(Math.max(1, Math.round((d.mentions / top) * 40)))}`);
        }
      } finally {
        await store.close();
      }
    });
}
