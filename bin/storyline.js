#!/usr/bin/env -S node --max-semi-space-size=32
// A young generation of 3 x 32 MB (Node's default is 3 x 16): an ingesting process keeps a working set
// of hundreds of MB, and each arrival allocates several MB of short-lived profiles and lists. With the
// default, scavenges ran so often that in the 100k-article archive of `npm run bench -- related` (which
// runs with the same flag) a warm arrival's rail computation took 41-43 ms at p50, against 33-34 ms
// with 32 or 64 MB; small archives and a just-opened one did not change.
// Runs the TypeScript sources directly through tsx's loader: no build step between `npm install` and use.
import { fileURLToPath } from 'node:url';
import { register } from 'tsx/esm/api';

// A reader that stops early (`storyline ingest --json | head`) is not an error.
process.stdout.on('error', (err) => {
  if (err.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw err;
});
// Storyline's own tsconfig, not whatever the working directory holds: tsx looks for tsconfig.json in
// the current directory, and without ours the pages' JSX would compile for React (every page a 500).
register({ tsconfig: fileURLToPath(new URL('../tsconfig.json', import.meta.url)) });
const { main } = await import('../src/cli/main.ts');
await main(process.argv);
