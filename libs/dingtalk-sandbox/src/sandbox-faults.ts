import { isSandboxApi, type SandboxApi } from './sandbox-apis';
import { sandboxError } from './sandbox-errors';

/** Answer the next call(s) with a DingTalk error instead of processing them. */
export interface SandboxErrorFault {
  /** The DingTalk error code, e.g. `systemError`, `InvalidAuthentication`. */
  code: string;
  /** HTTP status, 400 to 599. */
  status: number;
  /** @default "Sandbox injected fault <code>." */
  message?: string;
  /** How many calls it hits. @default 1 */
  count?: number;
  /** Only calls to this API; calls to other APIs pass through. @default every API */
  api?: SandboxApi;
}

/** Destroy the connection of the next call(s) without an answer. */
export interface SandboxDropFault {
  /**
   * `before`: the call is not processed (nothing delivered).
   * `after`: the call is processed (the file is delivered) but no answer is sent.
   */
  when: 'before' | 'after';
  /** @default 1 */
  count?: number;
  /** @default every API */
  api?: SandboxApi;
}

/** Answer the next call(s) with DingTalk's per-IP block page instead of a JSON error. */
export interface SandboxIpBlockFault {
  /** `html`: a text/html page. `json`: `{"status":1111,"wait":5,...}` as application/json. */
  format: 'html' | 'json';
  /** @default 403 for `html`, 200 for `json` (see README: a 200 that carries no result) */
  status?: number;
  /** @default 1 */
  count?: number;
  /** @default every API */
  api?: SandboxApi;
}

/** A fault waiting in the queue, as reported by {@link SandboxFaultInjector.pending}. */
export type SandboxQueuedFault = { api?: SandboxApi; remaining: number } & (
  | { type: 'error'; code: string; status: number; message: string }
  | { type: 'drop'; when: 'before' | 'after' }
  | { type: 'ipBlock'; format: 'html' | 'json'; status: number }
);

/** What is currently injected. */
export interface SandboxFaultsSnapshot {
  /** Added latency in ms: `all` applies to every API and adds to the per-API value. */
  latencyMs: { all: number } & Partial<Record<SandboxApi, number>>;
  /** One-shot faults, consumed first-in first-out by the calls they match. */
  queued: SandboxQueuedFault[];
}

/** Fault injection from code (`sandbox.faults`); the admin route `/__sandbox/faults` does the same. */
export interface SandboxFaultInjector {
  /**
   * Holds back every answer (not the work: the call is processed at once) by `ms`.
   * @param ms milliseconds; 0 removes the latency.
   * @param api only this API. @default every API
   */
  setLatency(ms: number, api?: SandboxApi): void;
  /** Answers the next `count` matching calls with the given error. */
  failNext(fault: SandboxErrorFault): void;
  /** Destroys the connection of the next `count` matching calls, before or after processing. */
  dropNext(fault: SandboxDropFault): void;
  /** Answers the next `count` matching calls with the per-IP block page. */
  blockNext(fault: SandboxIpBlockFault): void;
  /** Injected latency and the faults still queued. */
  pending(): SandboxFaultsSnapshot;
  /** Removes queued faults and the latency set by setLatency (the `latencyMs` option stays). */
  clear(): void;
}

const DEFAULT_BLOCK_STATUS = { html: 403, json: 200 } as const;

/** The fault queue and latency table; the server consumes faults with {@link take}. */
export class SandboxFaults implements SandboxFaultInjector {
  private latency: { all: number } & Partial<Record<SandboxApi, number>>;
  private queue: SandboxQueuedFault[] = [];

  /** @param latencyMs initial latency for every API. */
  constructor(private readonly latencyMs = 0) {
    this.latency = { all: checkLatency(latencyMs) };
  }

  setLatency(ms: number, api?: SandboxApi): void {
    const checked = checkLatency(ms);
    this.latency[checkApi(api) ?? 'all'] = checked;
  }

  failNext(fault: SandboxErrorFault): void {
    if (typeof fault.code !== 'string' || fault.code.trim() === '') {
      throw new TypeError('fault code must be a non-blank string');
    }
    if (!Number.isInteger(fault.status) || fault.status < 400 || fault.status > 599) {
      throw new RangeError('fault status must be an integer from 400 to 599');
    }
    if (fault.message !== undefined && typeof fault.message !== 'string') {
      throw new TypeError('fault message must be a string');
    }
    this.enqueue(fault, {
      type: 'error',
      code: fault.code,
      status: fault.status,
      message: fault.message ?? sandboxError('injectedFault', fault.code).message,
      api: fault.api,
    });
  }

  dropNext(fault: SandboxDropFault): void {
    if (fault.when !== 'before' && fault.when !== 'after') {
      throw new TypeError('drop "when" must be "before" or "after"');
    }
    this.enqueue(fault, { type: 'drop', when: fault.when, api: fault.api });
  }

  blockNext(fault: SandboxIpBlockFault): void {
    if (fault.format !== 'html' && fault.format !== 'json') {
      throw new TypeError('block format must be "html" or "json"');
    }
    const status = fault.status ?? DEFAULT_BLOCK_STATUS[fault.format];
    if (!Number.isInteger(status) || status < 200 || status > 599) {
      throw new RangeError('block status must be an integer from 200 to 599');
    }
    this.enqueue(fault, { type: 'ipBlock', format: fault.format, status, api: fault.api });
  }

  pending(): SandboxFaultsSnapshot {
    return { latencyMs: { ...this.latency }, queued: this.queue.map((fault) => ({ ...fault })) };
  }

  clear(): void {
    this.latency = { all: this.latencyMs };
    this.queue = [];
  }

  /** Consumes one use of the oldest queued fault matching `api`. */
  take(api: SandboxApi): SandboxQueuedFault | undefined {
    const fault = this.queue.find((queued) => queued.api === undefined || queued.api === api);
    if (!fault) return undefined;
    fault.remaining -= 1;
    if (fault.remaining === 0) this.queue = this.queue.filter((queued) => queued !== fault);
    return { ...fault, remaining: fault.remaining };
  }

  /** Milliseconds to hold back the answer of a call to `api`. */
  latencyFor(api: SandboxApi): number {
    return this.latency.all + (this.latency[api] ?? 0);
  }

  private enqueue(
    options: { count?: number; api?: SandboxApi },
    fault: DistributiveOmit<SandboxQueuedFault, 'remaining'>,
  ): void {
    const count = options.count ?? 1;
    if (!Number.isInteger(count) || count < 1) {
      throw new RangeError('fault count must be a positive integer');
    }
    checkApi(options.api);
    const queued: SandboxQueuedFault = { ...fault, remaining: count };
    this.queue.push(queued);
  }
}

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

function checkLatency(ms: number): number {
  if (typeof ms !== 'number' || !Number.isFinite(ms) || ms < 0) {
    throw new RangeError('latency must be a non-negative number of milliseconds');
  }
  return ms;
}

function checkApi(api: SandboxApi | undefined): SandboxApi | undefined {
  if (api !== undefined && !isSandboxApi(api)) throw new TypeError(`unknown api "${String(api)}"`);
  return api;
}
