/** Shared test helpers: temporary stores, drafts, and the optional ../shared data. */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ArticleDraftInput } from '../src/model.ts';
import { SqliteStore } from '../src/store/sqlite/store.ts';
import { tempDir } from '../src/util/temp-dir.ts';

export { tempDir };


/** ../shared beside the repository: development data that is not ours to ship. */
export const SHARED_DIR = fileURLToPath(new URL('../../shared/', import.meta.url));
export const HAVE_SHARED = existsSync(SHARED_DIR);
export function sharedPath(relative: string): string {
  return join(SHARED_DIR, relative);
}
if (!HAVE_SHARED) console.warn(`skipping tests that read ../shared: ${SHARED_DIR} not found`);

export async function tempStore(): Promise<{ store: SqliteStore; path: string; cleanup: () => Promise<void> }> {
  const dir = tempDir();
  const path = join(dir.path, 'test.db');
  const store = await SqliteStore.open(path);
  return {
    store,
    path,
    cleanup: async () => {
      await store.close();
      dir.cleanup();
    },
  };
}

const FILLER = [
  'The council met on Tuesday evening to discuss the proposal, which has divided residents for months.',
  'Officials said the decision would be reviewed by an independent panel before any work begins.',
  'Opponents argue the plan ignores the cost to small businesses along the harbour front.',
  'Supporters counter that the investment will bring hundreds of jobs to the region over the decade.',
  'A final vote is expected next month, after a period of public consultation closes.',
];

/** A plausible article draft; override any field. */
export function draft(overrides: Partial<ArticleDraftInput> = {}): ArticleDraftInput {
  return {
    headline: 'Harbour council delays vote on waterfront plan',
    standfirst: 'Residents divided over the proposal',
    body: FILLER,
    publisher: 'The Harbour Herald',
    publishedAt: '2026-03-02T09:00:00.000Z',
    url: 'https://harbourherald.example/news/waterfront-vote',
    ...overrides,
  };
}
