/**
 * Moving an archive between backends: `storyline migrate` brings a database's schema up to date,
 * `storyline export --format jsonl` writes every article in the model's JSON (one a line), and
 * `storyline import FILE` reads such a file back through the whole pipeline (so the target recomputes
 * entities, rails and stories with its own state).
 */
import type { Command } from 'commander';
import { openStore } from '../../store/open.ts';
import { CliError, printJson, printNote } from '../output.ts';
import { runIngest } from './ingest.ts';

export function registerArchive(program: Command): void {
  program
    .command('migrate')
    .description('create or upgrade the database schema')
    .option('--db <path|url>', 'database')
    .action(async (opts: { db?: string }) => {
      const store = await openStore(opts.db);
      try {
        await store.migrate();
        printNote(`schema of ${store.location} is up to date`);
      } finally {
        await store.close();
      }
    });

  program
    .command('export')
    .description('write every article as JSON Lines to standard output')
    .option('--db <path|url>', 'database')
    .option('--format <format>', 'output format (jsonl)', 'jsonl')
    .action(async (opts: { db?: string; format: string }) => {
      if (opts.format !== 'jsonl') throw new CliError(`unknown export format ${opts.format} (expected jsonl)`, 2);
      const store = await openStore(opts.db);
      try {
        const ids = await store.articles.allIds();
        for (let i = 0; i < ids.length; i += 500) {
          for (const article of await store.articles.getMany(ids.slice(i, i + 500))) printJson(article);
        }
        printNote(`exported ${ids.length} articles from ${store.location}`);
      } finally {
        await store.close();
      }
    });

  program
    .command('import')
    .description('import a JSON Lines export (or any supported input) through the whole pipeline')
    .argument('<files...>', 'files written by storyline export, or - for standard input')
    .option('--db <path|url>', 'database')
    .option('--json', 'one JSON object per line')
    .action(async (files: string[], opts: { db?: string; json?: boolean }) => {
      const summary = await runIngest(files, opts);
      if (summary.failed > 0) process.exitCode = 1;
    });
}
