/**
 * The server half of bench/http.ts, run in its own process (so the load generator has the other core):
 * opens the bench database, gives every article a fake eight-entry Related Content rail, listens on an
 * ephemeral loopback port and prints it.
 */
import { buildApp } from '../src/server/app.ts';
import { SqliteStore } from '../src/store/sqlite/store.ts';
import type { RailEntry } from '../src/model.ts';

const [dbPath, cacheSize] = process.argv.slice(2);
const store = await SqliteStore.open(dbPath!);
const ids = await store.articles.allIds();
const index = new Map(ids.map((id, i) => [id, i]));
const app = await buildApp({
  store,
  pageCacheSize: Number(cacheSize ?? 2000),
  hooks: {
    async rail(articleId): Promise<RailEntry[]> {
      const i = index.get(articleId) ?? 0;
      return Array.from({ length: 8 }, (_, k) => ({
        articleId: ids[(i * 7919 + (k + 1) * 104_729) % ids.length]!,
        score: 1 - k / 10,
        rank: k,
        reasons: { entities: ['Porthaven', 'Northline Rail'], terms: ['barrier'], sameStory: k < 2 },
      }));
    },
  },
});
const address = await app.listen({ host: '127.0.0.1', port: 0 });
process.stdout.write(`${address}\n`);
process.on('SIGTERM', () => {
  void app.close().then(() => store.close()).then(() => process.exit(0));
});
