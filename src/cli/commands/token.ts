/** `storyline token create|list|revoke`: API tokens for writes (and reads under `serve --private`). */
import type { Command } from 'commander';
import { InputError } from '../../errors.ts';
import { openStore } from '../../store/open.ts';
import { issueToken } from '../../store/tokens.ts';
import { CliError, printJson, printLine, printNote } from '../output.ts';

interface Common {
  db?: string;
  json?: boolean;
}

export function registerToken(program: Command): void {
  const token = program.command('token').description('API tokens: create (shown once), list, revoke');

  token
    .command('create')
    .description('create a token; it is printed once and only its SHA-256 hash is stored')
    .requiredOption('--name <name>', 'what the token is for (unique among active tokens)')
    .option('--db <path|url>', 'database')
    .option('--json', 'print {id, name, createdAt, token} as JSON')
    .action(async (opts: Common & { name: string }) => {
      const store = await openStore(opts.db);
      try {
        const { token: secret, record } = await issueToken(store.tokens, opts.name);
        if (opts.json) printJson({ ...record, token: secret });
        else {
          printLine(secret);
          printNote(`token #${record.id} "${record.name}" created; it is not shown again. Send it as: Authorization: Bearer <token>`);
        }
      } catch (err) {
        if (err instanceof InputError) throw new CliError(err.message);
        throw err;
      } finally {
        await store.close();
      }
    });

  token
    .command('list')
    .description('list tokens (never the tokens themselves)')
    .option('--db <path|url>', 'database')
    .option('--json', 'one JSON object per token')
    .action(async (opts: Common) => {
      const store = await openStore(opts.db);
      try {
        const tokens = await store.tokens.list();
        if (opts.json) {
          for (const t of tokens) printJson(t);
          return;
        }
        if (!tokens.length) printLine('no tokens (create one with: storyline token create --name NAME)');
        for (const t of tokens) {
          const state = t.revokedAt ? `revoked ${t.revokedAt}` : 'active';
          printLine(`#${t.id} ${t.name} (${state}; created ${t.createdAt}; last used ${t.lastUsedAt ?? 'never'})`);
        }
      } finally {
        await store.close();
      }
    });

  token
    .command('revoke')
    .description('revoke the active token with this name, or the token with this id')
    .argument('<name|id>')
    .option('--db <path|url>', 'database')
    .action(async (nameOrId: string, opts: Common) => {
      const store = await openStore(opts.db);
      try {
        const revoked = await store.tokens.revoke(nameOrId, new Date().toISOString());
        if (!revoked) throw new CliError(`no active token named or numbered "${nameOrId}"`);
        printLine(`revoked token #${revoked.id} ${revoked.name}`);
      } finally {
        await store.close();
      }
    });
}
