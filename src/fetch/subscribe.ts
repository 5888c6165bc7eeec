/** Adding subscriptions: what a target names (a feed URL or guardian:QUERY) and how often to poll it. */
import { InputError } from '../errors.ts';
import type { Store } from '../store/store.ts';
import type { NewSubscription, Subscription } from '../store/subscriptions.ts';
import { parseHttpUrl } from './guard.ts';
import { DEFAULT_GUARDIAN_KEY_ENV, GUARDIAN_PREFIX, guardianQuery } from './guardian.ts';

export const DEFAULT_INTERVAL = '15m';
/** Polling more often than this is not polite to anyone. */
export const MIN_INTERVAL_SECONDS = 60;

const UNITS: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86400 };

/** "90s", "15m", "1h30m", "1d" -> seconds. */
export function parseInterval(text: string): number {
  const parts = [...text.trim().matchAll(/(\d+(?:\.\d+)?)\s*([smhd])/gi)];
  const joined = parts.map((p) => p[0]).join('');
  if (!parts.length || joined.replace(/\s/g, '') !== text.replace(/\s/g, '')) {
    throw new InputError(`not an interval: "${text}" (use e.g. 90s, 15m, 2h, 1d)`);
  }
  const seconds = Math.round(parts.reduce((sum, p) => sum + Number(p[1]) * UNITS[p[2]!.toLowerCase()]!, 0));
  if (seconds < MIN_INTERVAL_SECONDS) throw new InputError(`interval ${text} is shorter than ${MIN_INTERVAL_SECONDS} s`);
  return seconds;
}

export function formatInterval(seconds: number): string {
  for (const [unit, size] of [['d', 86400], ['h', 3600], ['m', 60]] as const) if (seconds % size === 0) return `${seconds / size}${unit}`;
  return `${seconds}s`;
}

export interface SubscribeOptions {
  every?: string;
  fullText?: boolean;
  allowPrivate?: boolean;
  apiKeyEnv?: string;
  title?: string;
}

/** The subscription a target and options describe (validated, not stored). */
export function describeSubscription(target: string, options: SubscribeOptions = {}): NewSubscription {
  const intervalSeconds = parseInterval(options.every ?? DEFAULT_INTERVAL);
  const common = { intervalSeconds, fullText: options.fullText ?? false, allowPrivate: options.allowPrivate ?? false, title: options.title };
  const query = guardianQuery(target);
  if (query !== undefined) {
    if (!query) throw new InputError('guardian: needs a search query, e.g. guardian:"ukraine russia"');
    const apiKeyEnv = options.apiKeyEnv ?? DEFAULT_GUARDIAN_KEY_ENV;
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(apiKeyEnv)) throw new InputError(`--api-key-env takes the name of an environment variable, not "${apiKeyEnv}"`);
    return { ...common, url: `${GUARDIAN_PREFIX}${query}`, kind: 'guardian', apiKeyEnv };
  }
  let url: URL;
  try {
    url = parseHttpUrl(target);
  } catch (err) {
    throw new InputError((err as Error).message);
  }
  url.hash = '';
  return { ...common, url: url.href, kind: 'feed' };
}

export async function subscribe(
  store: Store,
  target: string,
  options: SubscribeOptions = {},
  now = new Date(),
): Promise<{ subscription: Subscription; created: boolean }> {
  return store.subscriptions.add(describeSubscription(target, options), now.toISOString());
}
