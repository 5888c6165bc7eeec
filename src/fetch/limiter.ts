/**
 * Politeness towards each host: a minimum interval between the starts of two requests to one host, at
 * most a few requests to it at a time, and a pause when the host has asked for one (429/503 with
 * Retry-After). Time comes from an injectable clock, so tests do not wait for real.
 */

export interface Clock {
  /** Milliseconds since the epoch. */
  now(): number;
  sleep(ms: number): Promise<void>;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, Math.max(0, ms))),
};

export interface HostLimits {
  /** Minimum milliseconds between the starts of two requests to one host. */
  minIntervalMs: number;
  /** Requests to one host in flight at once. */
  concurrency: number;
}

interface HostState {
  /** When the next request to this host may start. */
  nextStart: number;
  /** Until when the host asked us to stay away (Retry-After). */
  pausedUntil: number;
  active: number;
  waiting: (() => void)[];
}

export class HostLimiter {
  private readonly hosts = new Map<string, HostState>();

  constructor(
    private readonly limits: HostLimits,
    private readonly clock: Clock = systemClock,
  ) {}

  private state(host: string): HostState {
    let s = this.hosts.get(host);
    if (!s) this.hosts.set(host, (s = { nextStart: 0, pausedUntil: 0, active: 0, waiting: [] }));
    return s;
  }

  /** When requests to the host may resume, if it asked for a pause that has not ended. */
  pausedUntil(host: string): number | undefined {
    const until = this.hosts.get(host)?.pausedUntil ?? 0;
    return until > this.clock.now() ? until : undefined;
  }

  /** Delays every later request to the host until the given time (a Retry-After). */
  pause(host: string, until: number): void {
    const s = this.state(host);
    s.pausedUntil = Math.max(s.pausedUntil, until);
  }

  /** Waits for a free slot and the host's interval; returns the function that frees the slot. */
  async acquire(host: string): Promise<() => void> {
    const s = this.state(host);
    if (s.active >= this.limits.concurrency) await new Promise<void>((resolve) => s.waiting.push(resolve));
    else s.active++;
    // The slot is ours (handed over by release, or taken above): now keep the interval between starts.
    const now = this.clock.now();
    const start = Math.max(now, s.nextStart, s.pausedUntil);
    s.nextStart = start + this.limits.minIntervalMs;
    if (start > now) await this.clock.sleep(start - now);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const next = s.waiting.shift();
      if (next) next();
      else s.active--;
    };
  }
}
