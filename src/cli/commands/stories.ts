/** `storyline stories` lists developing stories; `storyline story ID` prints one story's timeline. */
import type { Command } from 'commander';
import type { Story } from '../../model.ts';
import { openStore } from '../../store/open.ts';
import { CliError, printJson, printLine } from '../output.ts';
import { dayOf, plural } from '../../format.ts';

export function formatSpan(s: Pick<Story, 'firstPublishedAt' | 'lastPublishedAt'>): string {
  if (!s.firstPublishedAt) return 'undated';
  const first = dayOf(s.firstPublishedAt);
  const last = dayOf(s.lastPublishedAt);
  return first === last ? first : `${first} .. ${last}`;
}

function parseLimit(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new CliError(`--limit must be a positive integer, not ${value}`);
  return n;
}

export function registerStories(program: Command): void {
  program
    .command('stories')
    .description('list developing stories, most recently active first')
    .option('--db <path|url>', 'database')
    .option('--active', 'only active stories (not dormant)')
    .option('--limit <n>', 'how many', '20')
    .option('--json', 'one JSON object per story')
    .action(async (opts: { db?: string; active?: boolean; limit: string; json?: boolean }) => {
      const limit = parseLimit(opts.limit);
      const store = await openStore(opts.db);
      try {
        const stories = await store.stories.list({ limit, active: opts.active });
        for (const s of stories) {
          if (opts.json) {
            printJson(s);
            continue;
          }
          const sources = s.sources.length ? s.sources.slice(0, 4).join(', ') + (s.sources.length > 4 ? `, +${s.sources.length - 4}` : '') : '-';
          printLine(`${s.id}  ${s.title}`);
          printLine(`  ${plural(s.articleCount, 'article')} | ${formatSpan(s)} | ${s.status} | ${sources}`);
        }
      } finally {
        await store.close();
      }
    });

  program
    .command('story')
    .description("print a story's timeline")
    .argument('<id>')
    .option('--db <path|url>', 'database')
    .option('--json', 'the story and its timeline as one JSON object')
    .action(async (id: string, opts: { db?: string; json?: boolean }) => {
      const store = await openStore(opts.db);
      try {
        const story = await store.stories.get(id);
        if (!story) throw new CliError(`no story ${id}`);
        const timeline = await store.stories.timeline(id);
        if (opts.json) {
          printJson({ ...story, timeline });
          return;
        }
        printLine(story.title);
        printLine(`${plural(story.articleCount, 'article')} | ${formatSpan(story)} | ${story.status}`);
        const keys = story.keyEntities.length ? story.keyEntities.map((e) => e.name) : story.keyTerms;
        if (keys.length) printLine(`key: ${keys.join(', ')}`);
        if (story.sources.length) printLine(`sources: ${story.sources.join(', ')}`);
        printLine();
        for (const t of timeline) printLine(`${dayOf(t.publishedAt).padEnd(10)}  ${t.headline}${t.publisher ? ` — ${t.publisher}` : ''}  [${t.articleId}]`);
      } finally {
        await store.close();
      }
    });
}
