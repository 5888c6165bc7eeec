/** `storyline subscribe URL|guardian:QUERY`: follow a feed or a Guardian search. */
import type { Command } from 'commander';
import { InputError } from '../../errors.ts';
import { DEFAULT_INTERVAL, formatInterval, subscribe, type SubscribeOptions } from '../../fetch/subscribe.ts';
import { openStore } from '../../store/open.ts';
import { CliError, printJson, printLine } from '../output.ts';

export function registerSubscribe(program: Command): void {
  program
    .command('subscribe')
    .description('follow a feed URL, or a Guardian Content API search (guardian:"QUERY")')
    .argument('<target>', 'a feed URL, or guardian:QUERY')
    .option('--every <interval>', 'how often to poll (90s, 15m, 2h, 1d)', DEFAULT_INTERVAL)
    .option('--full-text', "fetch every entry's article page, not only summary-only entries")
    .option('--allow-private', 'let this subscription reach loopback and private network addresses')
    .option('--api-key-env <name>', 'for guardian: the environment variable holding the API key (read at poll time, never stored)')
    .option('--db <path|url>', 'database')
    .option('--json', 'print the subscription as JSON')
    .action(async (target: string, opts: SubscribeOptions & { db?: string; json?: boolean }) => {
      const store = await openStore(opts.db);
      try {
        const { subscription: s, created } = await subscribe(store, target, opts);
        if (opts.json) printJson({ ...s, created });
        else printLine(`${created ? 'subscribed' : 'already subscribed'}: #${s.id} ${s.url} (every ${formatInterval(s.intervalSeconds)}${s.fullText ? ', full text' : ''})`);
      } catch (err) {
        if (err instanceof InputError) throw new CliError(err.message);
        throw err;
      } finally {
        await store.close();
      }
    });
}
