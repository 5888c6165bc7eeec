/** The server half of bench/soak.ts, in its own process: the real app over the soak database, on loopback. */
import { buildApp } from '../src/server/app.ts';
import { SqliteStore } from '../src/store/sqlite/store.ts';

const [dbPath] = process.argv.slice(2);
const store = await SqliteStore.open(dbPath!);
// One writer posts as fast as it can: the soak measures steady state, not the rate limiter.
const app = await buildApp({ store, writeLimits: { perToken: 1_000_000, perIp: 1_000_000 } });
const address = await app.listen({ host: '127.0.0.1', port: 0 });
process.stdout.write(`${address}\n`);
process.on('SIGTERM', () => {
  void app.close().then(() => store.close()).then(() => process.exit(0));
});
