/** The `storyline` command line. */
import { Command } from 'commander';
import { registerIngest } from './commands/ingest.ts';
import { registerShow } from './commands/show.ts';
import { registerStats } from './commands/stats.ts';
import { registerDemo } from './commands/demo.ts';
import { registerArchive } from './commands/archive.ts';
import { registerCheck } from './commands/check.ts';
import { registerSubscribe } from './commands/subscribe.ts';
import { registerSubscriptions } from './commands/subscriptions.ts';
import { registerUnsubscribe } from './commands/unsubscribe.ts';
import { registerOpml } from './commands/opml.ts';
import { registerPoll } from './commands/poll.ts';
import { registerServe } from './commands/serve.ts';
import { registerEntities } from './commands/entities.ts';
import { registerStories } from './commands/stories.ts';
import { registerRelated } from './commands/related.ts';
import { registerToken } from './commands/token.ts';
import { registerSearch } from './commands/search.ts';
import { registerSettings } from './commands/settings.ts';
import { CliError } from './output.ts';
import { ArchiveOpenError } from '../errors.ts';

export function buildProgram(): Command {
  const program = new Command('storyline')
    .description('Storyline: a self-hosted news archive that follows developing stories')
    .showHelpAfterError();
  registerDemo(program);
  registerIngest(program);
  registerShow(program);
  registerStats(program);
  registerArchive(program);
  registerCheck(program);
  registerSubscribe(program);
  registerSubscriptions(program);
  registerUnsubscribe(program);
  registerOpml(program);
  registerPoll(program);
  registerServe(program);
  registerEntities(program);
  registerStories(program);
  registerRelated(program);
  registerSearch(program);
  registerToken(program);
  registerSettings(program);
  return program;
}

export async function main(argv: string[]): Promise<void> {
  try {
    await buildProgram().parseAsync(argv);
  } catch (err) {
    if (err instanceof CliError || err instanceof ArchiveOpenError) {
      process.stderr.write(`error: ${err.message}\n`);
      process.exitCode = err instanceof CliError ? err.exitCode : 1;
      return;
    }
    throw err;
  }
}
