/** `storyline unsubscribe ID`: stop following a subscription (its stored articles stay). */
import type { Command } from 'commander';
import { openStore } from '../../store/open.ts';
import { CliError, printLine } from '../output.ts';

export function registerUnsubscribe(program: Command): void {
  program
    .command('unsubscribe')
    .description('stop following a subscription; the articles already stored stay')
    .argument('<id>', 'the subscription id (see storyline subscriptions)')
    .option('--db <path|url>', 'database')
    .action(async (id: string, opts: { db?: string }) => {
      if (!/^\d+$/.test(id)) throw new CliError(`not a subscription id: ${id}`);
      const store = await openStore(opts.db);
      try {
        if (!(await store.subscriptions.remove(Number(id)))) throw new CliError(`no subscription #${id}`);
        printLine(`unsubscribed #${id}`);
      } finally {
        await store.close();
      }
    });
}
