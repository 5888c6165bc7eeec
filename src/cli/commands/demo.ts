/** `storyline demo`: ingest the bundled demo corpus into ./storyline.db (what is there already is skipped). */
import type { Command } from 'commander';
import { fileURLToPath } from 'node:url';
import { runIngest } from './ingest.ts';

export const DEMO_DIR = fileURLToPath(new URL('../../../examples/demo/', import.meta.url));

export function registerDemo(program: Command): void {
  program
    .command('demo')
    .description('ingest the bundled demo corpus (sample data written for the demo)')
    .option('--db <path|url>', 'database', './storyline.db')
    .action(async (opts: { db: string }) => {
      const summary = await runIngest([DEMO_DIR], { db: opts.db });
      if (summary.failed > 0) process.exitCode = 1;
    });
}
