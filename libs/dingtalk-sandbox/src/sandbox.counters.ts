import { SANDBOX_APIS, type SandboxApi } from './sandbox-api.routes';

/** Counters since start or the last reset(). */
export interface SandboxStats {
  /** Tokens handed out by both token endpoints (refused token calls are not counted). */
  tokenFetches: number;
  /** Calls received per API, whatever their outcome (faults and throttled calls included). */
  requests: Record<SandboxApi, number>;
  /** Calls refused by the rate limiter. */
  throttled: number;
  /**
   * Peak calls admitted in one rate window, by rate key (appKey, or `suiteKey/corpId`) then API.
   * Tracked even when the rate limit is off.
   */
  maxPerWindow: Record<string, Partial<Record<SandboxApi, number>>>;
}

/** Request and token counters (rate figures come from the rate limiter). */
export class SandboxCounters {
  private requests = emptyCounts();
  private tokenFetches = 0;

  /** Counts one call to `api`. */
  request(api: SandboxApi): void {
    this.requests[api] += 1;
  }

  /** Counts one issued token. */
  tokenFetched(): void {
    this.tokenFetches += 1;
  }

  /** Current counts. */
  snapshot(): Pick<SandboxStats, 'tokenFetches' | 'requests'> {
    return { tokenFetches: this.tokenFetches, requests: { ...this.requests } };
  }

  /** Zeroes every counter. */
  clear(): void {
    this.requests = emptyCounts();
    this.tokenFetches = 0;
  }
}

function emptyCounts(): Record<SandboxApi, number> {
  return Object.fromEntries(SANDBOX_APIS.map((api) => [api, 0])) as Record<SandboxApi, number>;
}
