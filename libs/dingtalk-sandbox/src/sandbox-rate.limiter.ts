import type { SandboxApi } from './sandbox-api.routes';

interface Window {
  start: number;
  count: number;
}

/**
 * Counts calls per (rate key, API) in fixed windows of the injected clock, refuses calls over the
 * limit (unless disabled) and remembers the peak admitted per window, so benchmarks can prove
 * they stayed under it.
 */
export class SandboxRateLimiter {
  private readonly windows = new Map<string, Window>();
  private readonly peaks = new Map<string, Map<SandboxApi, number>>();
  private throttledCalls = 0;

  constructor(
    private readonly limit: number | undefined,
    private readonly windowMs: number,
    private readonly now: () => number,
  ) {}

  /** Records one call; false means it is over the limit and must be refused. */
  admit(rateKey: string, api: SandboxApi): boolean {
    // Stryker disable next-line ArithmeticOperator: start only tells windows apart (compared for equality), and floor(t / w) / w does too
    const start = Math.floor(this.now() / this.windowMs) * this.windowMs;
    // "\n" cannot occur in an HTTP-supplied key, so the composite key is unambiguous.
    const windowKey = `${rateKey}\n${api}`;
    const window = this.windows.get(windowKey);
    const current = window?.start === start ? window : { start, count: 0 };
    if (this.limit !== undefined && current.count >= this.limit) {
      this.throttledCalls += 1;
      return false;
    }
    current.count += 1;
    this.windows.set(windowKey, current);
    const peaks = this.peaks.get(rateKey) ?? new Map<SandboxApi, number>();
    peaks.set(api, Math.max(peaks.get(api) ?? 0, current.count));
    this.peaks.set(rateKey, peaks);
    return true;
  }

  /** The configured limit per window, or undefined when limiting is off. */
  get limitPerWindow(): number | undefined {
    return this.limit;
  }

  /** Calls refused so far. */
  get throttled(): number {
    return this.throttledCalls;
  }

  /** Peak calls admitted in one window, by rate key then API. */
  maxPerWindow(): Record<string, Partial<Record<SandboxApi, number>>> {
    return Object.fromEntries(
      [...this.peaks].map(([rateKey, byApi]) => [rateKey, Object.fromEntries(byApi)]),
    );
  }

  /** Forgets all windows, peaks and the throttled count. */
  clear(): void {
    this.windows.clear();
    this.peaks.clear();
    this.throttledCalls = 0;
  }
}
