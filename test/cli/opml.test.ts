import { afterAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { CLI_TIMEOUT, storyline } from './run.ts';
import { tempDir } from '../helpers.ts';

const dir = tempDir('storyline-opml-');
afterAll(() => dir.cleanup());

describe('storyline opml export | opml import', { timeout: CLI_TIMEOUT }, () => {
  it('moves feed subscriptions with how often each is polled, and names what OPML cannot carry', () => {
    const from = join(dir.path, 'from.db');
    const to = join(dir.path, 'to.db');
    expect(storyline(['subscribe', 'https://news.example/world.rss', '--every', '30m', '--full-text', '--db', from]).code).toBe(0);
    expect(storyline(['subscribe', 'https://news.example/local.rss', '--db', from]).code).toBe(0);
    expect(storyline(['subscribe', 'guardian:"ukraine"', '--db', from]).code).toBe(0);
    const exported = storyline(['opml', 'export', '--db', from]);
    expect(exported.code).toBe(0);
    expect(exported.stderr.trim().split('\n')).toEqual(['left out guardian:"ukraine": a Guardian search is not a feed (subscribe to it again where the list goes)']);
    // The command's --every applies only where the file does not say.
    const imported = storyline(['opml', 'import', '-', '--every', '2h', '--db', to], { input: exported.stdout });
    expect(imported.stdout.trim()).toBe('2 feeds in -: 2 subscribed, 0 already followed, 0 refused');
    const subs = storyline(['subscriptions', '--json', '--db', to]).stdout.trim().split('\n').map((l) => JSON.parse(l) as { url: string; intervalSeconds: number; fullText: boolean });
    expect(subs.map(({ url, intervalSeconds, fullText }) => ({ url, intervalSeconds, fullText }))).toEqual([
      { url: 'https://news.example/world.rss', intervalSeconds: 1800, fullText: true },
      { url: 'https://news.example/local.rss', intervalSeconds: 900, fullText: false },
    ]);
  });
});
