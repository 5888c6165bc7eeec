#!/usr/bin/env node
// Runs the TypeScript sources directly through tsx's loader: no build step between `npm install` and use.
import { register } from 'tsx/esm/api';

// A reader that stops early (`storyline ingest --json | head`) is not an error.
process.stdout.on('error', (err) => {
  if (err.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw err;
});
register();
const { main } = await import('../src/cli/main.ts');
await main(process.argv);
