/** `storyline settings`: the archive's own settings, shown and set (today: the stories' quiet period). */
import type { Command } from 'commander';
import { openStore } from '../../store/open.ts';
import { MAX_QUIET_DAYS, isQuietPeriod, quietDays, setQuietDays } from '../../stories/quiet-period.ts';
import { CliError, printJson, printLine } from '../output.ts';
import { plural } from '../../format.ts';

function parseDays(value: string): number {
  const n = Number(value);
  if (!isQuietPeriod(n)) throw new CliError(`--quiet-days must be a number of days above 0 and at most ${MAX_QUIET_DAYS}, not ${value}`);
  return n;
}

export function registerSettings(program: Command): void {
  program
    .command('settings')
    .description("show or change the archive's settings (kept in the database, used by every process)")
    .option('--db <path|url>', 'database')
    .option('--quiet-days <n>', 'days without a new article after which a story is dormant, not developing (default 7)')
    .option('--json', 'print JSON')
    .action(async (opts: { db?: string; quietDays?: string; json?: boolean }) => {
      const days = opts.quietDays === undefined ? undefined : parseDays(opts.quietDays);
      const store = await openStore(opts.db);
      try {
        if (days === undefined) {
          const current = await quietDays(store);
          if (opts.json) printJson({ quietDays: current });
          else printLine(`quiet-days  ${current}  (a story with no new article for this many days is dormant)`);
          return;
        }
        const change = await setQuietDays(store, days);
        if (opts.json) printJson({ quietDays: change.days, previous: change.previous, woke: change.woke, slept: change.slept });
        else printLine(`quiet-days  ${change.days}  (was ${change.previous}): ${plural(change.woke, 'story', 'stories')} woke up, ${plural(change.slept, 'story', 'stories')} went dormant`);
      } finally {
        await store.close();
      }
    });
}
