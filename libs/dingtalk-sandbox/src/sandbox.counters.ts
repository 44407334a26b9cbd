import { SANDBOX_APIS, type SandboxApi } from './sandbox-api.routes';
import { callerLabel, type SandboxCaller } from './sandbox-token.store';

/** Counters since start or the last reset(). */
export interface SandboxStats {
  /** Tokens handed out by both token endpoints (refused token calls are not counted). */
  tokenFetches: number;
  /**
   * `tokenFetches` by caller: `app:<appKey>` for an internal app, `suite:<suiteKey>/<corpId>` for
   * a suite's corp token. Callers with no token fetched are absent.
   */
  tokenFetchesBy: Record<string, number>;
  /**
   * convFile calls whose access token was accepted, by caller (named as in `tokenFetchesBy`) then
   * API, whatever happened next (throttled, refused by scope or by the world, delivered).
   */
  callsBy: Record<string, Partial<Record<SandboxApi, number>>>;
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
  private tokenFetchesBy = new Map<string, number>();
  private callsBy = new Map<string, Partial<Record<SandboxApi, number>>>();

  /** Counts one call to `api`. */
  request(api: SandboxApi): void {
    this.requests[api] += 1;
  }

  /** Counts one token issued to `caller`. */
  tokenFetched(caller: SandboxCaller): void {
    this.tokenFetches += 1;
    const label = callerLabel(caller);
    this.tokenFetchesBy.set(label, (this.tokenFetchesBy.get(label) ?? 0) + 1);
  }

  /** Counts one call to `api` made with a token of `caller`. */
  called(caller: SandboxCaller, api: SandboxApi): void {
    const label = callerLabel(caller);
    const counts = this.callsBy.get(label) ?? {};
    counts[api] = (counts[api] ?? 0) + 1;
    this.callsBy.set(label, counts);
  }

  /** Current counts. */
  snapshot(): Pick<SandboxStats, 'tokenFetches' | 'tokenFetchesBy' | 'callsBy' | 'requests'> {
    return {
      tokenFetches: this.tokenFetches,
      tokenFetchesBy: Object.fromEntries(this.tokenFetchesBy),
      callsBy: Object.fromEntries(
        [...this.callsBy].map(([label, counts]) => [label, { ...counts }]),
      ),
      requests: { ...this.requests },
    };
  }

  /** Zeroes every counter. */
  clear(): void {
    this.requests = emptyCounts();
    this.tokenFetches = 0;
    this.tokenFetchesBy.clear();
    this.callsBy.clear();
  }
}

function emptyCounts(): Record<SandboxApi, number> {
  return Object.fromEntries(SANDBOX_APIS.map((api) => [api, 0])) as Record<SandboxApi, number>;
}
