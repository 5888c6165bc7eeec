/** `storyline opml import FILE` and `storyline opml export`: move feed subscriptions between readers. */
import type { Command } from 'commander';
import { readFileSync } from 'node:fs';
import { InputError } from '../../errors.ts';
import { buildOpml, parseOpml } from '../../fetch/opml.ts';
import { DEFAULT_INTERVAL, subscribe } from '../../fetch/subscribe.ts';
import { openStore } from '../../store/open.ts';
import { CliError, printError, printLine, printNote } from '../output.ts';

export function registerOpml(program: Command): void {
  const opml = program.command('opml').description('import or export feed subscriptions as OPML');
  opml
    .command('import')
    .description('subscribe to every feed in an OPML file (feeds already followed are kept as they are)')
    .argument('<file>', 'OPML file, or - for standard input')
    .option('--every <interval>', 'how often to poll imported feeds whose outline does not say', DEFAULT_INTERVAL)
    .option('--full-text', "fetch every entry's article page, for imported feeds whose outline does not say")
    .option('--db <path|url>', 'database')
    .action(async (file: string, opts: { every: string; fullText?: boolean; db?: string }) => {
      let feeds;
      try {
        feeds = parseOpml(readFileSync(file === '-' ? 0 : file, 'utf8'));
      } catch (err) {
        throw new CliError(`${file}: ${(err as Error).message}`);
      }
      const store = await openStore(opts.db);
      let added = 0;
      let failed = 0;
      try {
        for (const feed of feeds) {
          try {
            if ((await subscribe(store, feed.url, { every: feed.every ?? opts.every, fullText: feed.fullText ?? opts.fullText, title: feed.title })).created) added++;
          } catch (err) {
            if (!(err instanceof InputError)) throw err;
            failed++;
            printError(feed.url, err.message);
          }
        }
      } finally {
        await store.close();
      }
      printLine(`${feeds.length} feeds in ${file}: ${added} subscribed, ${feeds.length - added - failed} already followed, ${failed} refused`);
      if (failed) process.exitCode = 1;
    });
  opml
    .command('export')
    .description('print the feed subscriptions as OPML 2.0 (with how often each is polled)')
    .option('--db <path|url>', 'database')
    .action(async (opts: { db?: string }) => {
      const store = await openStore(opts.db);
      try {
        const subscriptions = await store.subscriptions.list();
        process.stdout.write(buildOpml(subscriptions));
        for (const s of subscriptions.filter((x) => x.kind !== 'feed')) printNote(`left out ${s.url}: a Guardian search is not a feed (subscribe to it again where the list goes)`);
      } finally {
        await store.close();
      }
    });
}
