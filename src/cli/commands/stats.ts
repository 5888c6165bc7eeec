/** `storyline stats`: what the archive holds. */
import type { Command } from 'commander';
import { openStore } from '../../store/open.ts';
import { printJson, printLine } from '../output.ts';

export function registerStats(program: Command): void {
  program
    .command('stats')
    .description('count what the archive holds')
    .option('--db <path|url>', 'database')
    .option('--json', 'print JSON')
    .action(async (opts: { db?: string; json?: boolean }) => {
      const store = await openStore(opts.db);
      try {
        const counts = await store.articles.counts();
        const stats = {
          ...counts,
          entities: await store.entities.count(),
          stories: await store.stories.count(),
          developing: await store.stories.count({ active: true }),
          database: store.location,
        };
        if (opts.json) printJson(stats);
        else for (const [k, v] of Object.entries(stats)) printLine(`${k.padEnd(12)} ${v}`);
      } finally {
        await store.close();
      }
    });
}
