/** `storyline subscriptions`: what is followed, when it is polled next, and what is failing. */
import type { Command } from 'commander';
import { formatInterval } from '../../fetch/subscribe.ts';
import { openStore } from '../../store/open.ts';
import { printJson, printLine } from '../output.ts';

export function registerSubscriptions(program: Command): void {
  program
    .command('subscriptions')
    .description('list the subscriptions with their polling state')
    .option('--db <path|url>', 'database')
    .option('--json', 'one JSON object per subscription')
    .action(async (opts: { db?: string; json?: boolean }) => {
      const store = await openStore(opts.db);
      try {
        const subs = await store.subscriptions.list();
        if (opts.json) {
          for (const s of subs) printJson(s);
          return;
        }
        if (!subs.length) printLine('no subscriptions (add one with: storyline subscribe URL)');
        for (const s of subs) {
          const flags = [s.kind === 'guardian' ? 'guardian' : '', s.fullText ? 'full text' : '', s.allowPrivate ? 'private allowed' : ''].filter(Boolean);
          printLine(`#${s.id} ${s.status.toUpperCase()} ${s.url}`);
          printLine(`    every ${formatInterval(s.intervalSeconds)}${flags.length ? ` (${flags.join(', ')})` : ''}, next poll ${s.nextPollAt}, last poll ${s.lastPolledAt ?? 'never'}`);
          if (s.consecutiveFailures) printLine(`    ${s.consecutiveFailures} consecutive failure(s); last error: ${s.lastError ?? ''}`);
        }
      } finally {
        await store.close();
      }
    });
}
