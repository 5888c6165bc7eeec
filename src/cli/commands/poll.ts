/** `storyline poll [--once]`: fetch every due subscription and store what is new; without --once, keep polling. */
import type { Command } from 'commander';
import { HttpClient } from '../../fetch/client.ts';
import { Poller, type PollReport } from '../../fetch/poller.ts';
import { createPipeline } from '../../ingest/stages.ts';
import { openStore } from '../../store/open.ts';
import { CliError, printError, printJson, printLine } from '../output.ts';

/** Longest sleep between two rounds of the polling loop. */
const MAX_IDLE_MS = 60_000;

function describe(r: PollReport): string {
  const s = r.summary;
  const what = r.notModified
    ? 'not modified'
    : `${r.entries} entries, ${s.new} new, ${s.updated} updated, ${s.unchanged + r.skipped} already stored, ${s.duplicates} duplicates, ${r.pages} pages fetched, ${r.itemErrors.length} item errors`;
  return `#${r.subscriptionId} ${r.url}: ${what}${r.movedTo ? `; moved permanently to ${r.movedTo}` : ''} (next poll ${r.nextPollAt})`;
}

export function registerPoll(program: Command): void {
  program
    .command('poll')
    .description('fetch every due subscription and store new articles (keeps polling unless --once)')
    .option('--once', 'poll what is due once, then exit')
    .option('--concurrency <n>', 'subscriptions polled at once', '4')
    .option('--db <path|url>', 'database')
    .option('--json', 'one JSON report per subscription polled')
    .action(async (opts: { once?: boolean; concurrency: string; db?: string; json?: boolean }) => {
      const concurrency = Number(opts.concurrency);
      if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 64) throw new CliError('--concurrency takes a whole number from 1 to 64');
      const store = await openStore(opts.db);
      const client = new HttpClient();
      const poller = new Poller(store, createPipeline(store), client);
      let stopping = false;
      let wake: (() => void) | undefined;
      const stop = () => {
        stopping = true;
        wake?.();
      };
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
      let failed = false;
      const onReport = (r: PollReport) => {
        if (!r.ok) failed = true;
        if (opts.json) printJson(r);
        else if (!r.ok) printError(r.error?.includes(r.url) ? `#${r.subscriptionId}` : `#${r.subscriptionId} ${r.url}`, `${r.error} (next attempt ${r.nextPollAt})`);
        else printLine(describe(r));
        if (!opts.json) for (const e of r.itemErrors) printError(e.label, e.error);
      };
      try {
        do {
          await poller.pollDue({ concurrency, onReport });
          if (opts.once || stopping) break;
          const next = await store.subscriptions.nextDueAt();
          const wait = Math.min(MAX_IDLE_MS, next ? Math.max(1000, Date.parse(next) - Date.now()) : MAX_IDLE_MS);
          await new Promise<void>((resolve) => {
            wake = resolve;
            setTimeout(resolve, wait).unref();
          });
        } while (!stopping);
      } finally {
        process.off('SIGINT', stop);
        process.off('SIGTERM', stop);
        await client.close();
        await store.close();
      }
      if (failed && opts.once) process.exitCode = 1;
    });
}
