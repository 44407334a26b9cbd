import type { OnApplicationShutdown } from '@nestjs/common';
import type { ThrottlerStorage } from '@nestjs/throttler';

/** How often windows that ended (and blocks that expired) are forgotten. */
const SWEEP_INTERVAL_MS = 60_000;

/** What the guard reads back (not exported by @nestjs/throttler's index). */
type ThrottlerStorageRecord = Awaited<ReturnType<ThrottlerStorage['increment']>>;

interface Window {
  endsAt: number;
  hits: number;
  blockedUntil: number;
}

/**
 * The inbound limit's counts, in memory: per client, a window of `ttl` that starts with its first
 * request and counts hits; the hit past `limit` blocks the client for `blockDuration`, after which
 * it starts afresh (with no `blockDuration`, requests over the limit are refused until the window
 * ends). O(1) per request: @nestjs/throttler's own storage keeps one timestamp per hit and
 * filters them all on every request, up to 6,000 a minute by default (docs/performance.md
 * measures it).
 */
export class FixedWindowThrottlerStorage implements ThrottlerStorage, OnApplicationShutdown {
  private readonly windows = new Map<string, Window>();
  private readonly sweeper: NodeJS.Timeout;

  constructor(sweepIntervalMs = SWEEP_INTERVAL_MS) {
    this.sweeper = setInterval(() => this.sweep(), sweepIntervalMs);
    this.sweeper.unref();
  }

  /** Counts one request of `key` for the throttler `throttlerName`, as `ThrottlerGuard` asks. */
  increment(
    key: string,
    ttl: number,
    limit: number,
    blockDuration: number,
    throttlerName: string,
  ): Promise<ThrottlerStorageRecord> {
    const now = Date.now();
    const id = `${throttlerName}\u0000${key}`;
    let window = this.windows.get(id);
    // A blocked client's requests are refused without being counted.
    if (window !== undefined && window.blockedUntil > now) return record(window, now);
    if (window === undefined || window.blockedUntil > 0 || window.endsAt <= now) {
      window = { endsAt: now + ttl, hits: 0, blockedUntil: 0 };
      this.windows.set(id, window);
    }
    // Without a block, a client over the limit is refused, uncounted, until its window ends.
    if (window.hits >= limit && blockDuration <= 0) return refusedUntilWindowEnds(window, now);
    if (++window.hits > limit) window.blockedUntil = now + blockDuration;
    return record(window, now);
  }

  /** How many clients' windows are kept. */
  get size(): number {
    return this.windows.size;
  }

  onApplicationShutdown(): void {
    clearInterval(this.sweeper);
  }

  /** Forgets windows that ended and are not blocking: a client's next request starts a new one. */
  private sweep(now = Date.now()): void {
    for (const [id, window] of this.windows) {
      if (window.endsAt <= now && window.blockedUntil <= now) this.windows.delete(id);
    }
  }
}

function record(
  { endsAt, hits, blockedUntil }: Window,
  now: number,
): Promise<ThrottlerStorageRecord> {
  const isBlocked = blockedUntil > now;
  return Promise.resolve({
    totalHits: hits,
    timeToExpire: seconds(endsAt - now),
    isBlocked,
    timeToBlockExpire: isBlocked ? seconds(blockedUntil - now) : 0,
  });
}

function refusedUntilWindowEnds(
  { endsAt, hits }: Window,
  now: number,
): Promise<ThrottlerStorageRecord> {
  const timeToExpire = seconds(endsAt - now);
  return Promise.resolve({
    totalHits: hits + 1,
    timeToExpire,
    isBlocked: true,
    timeToBlockExpire: timeToExpire,
  });
}

function seconds(ms: number): number {
  return Math.ceil(ms / 1000);
}
