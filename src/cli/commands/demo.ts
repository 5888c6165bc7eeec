/**
 * `storyline demo`: ingest the bundled demo corpus into the archive (./storyline.db unless --db or
 * STORYLINE_DB names another; what is there already is skipped), then serve it.
 */
import type { Command } from 'commander';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { runIngest } from './ingest.ts';
import { runServe } from './serve.ts';

export const DEMO_DIR = fileURLToPath(new URL('../../../examples/demo/', import.meta.url));
/** The demo's article folders (examples/README.md and examples/demo-manifest.json describe the corpus). */
export const DEMO_INPUTS = ['jsonl', 'html', 'feeds', 'guardian', 'text'].map((d) => join(DEMO_DIR, d));

export function registerDemo(program: Command): void {
  program
    .command('demo')
    .description('ingest the bundled demo corpus (sample data written for the demo), then serve it')
    .option('--db <path|url>', 'database (default ./storyline.db or $STORYLINE_DB)')
    .option('--port <port>', 'port to serve on', '8080')
    .option('--host <host>', 'address to listen on', '127.0.0.1')
    .option('--no-serve', 'only ingest')
    .action(async (opts: { db?: string; port: string; host: string; serve: boolean }) => {
      const summary = await runIngest(DEMO_INPUTS, { db: opts.db });
      if (summary.failed > 0) process.exitCode = 1;
      if (opts.serve) await runServe({ db: opts.db, port: opts.port, host: opts.host });
    });
}
