/** `storyline check`: verifies the archive's integrity and that every derived table follows its articles. */
import type { Command } from 'commander';
import { openStore } from '../../store/open.ts';
import { printJson, printLine } from '../output.ts';

export function registerCheck(program: Command): void {
  program
    .command('check')
    .description('check the archive for corruption and inconsistencies')
    .option('--db <path|url>', 'database')
    .option('--json', 'print {"ok", "problems"}')
    .action(async (opts: { db?: string; json?: boolean }) => {
      const store = await openStore(opts.db);
      try {
        const problems = await store.check();
        if (opts.json) printJson({ ok: problems.length === 0, problems });
        else if (problems.length) for (const p of problems) printLine(`problem: ${p}`);
        else printLine(`${store.location}: ok`);
        if (problems.length) process.exitCode = 1;
      } finally {
        await store.close();
      }
    });
}
