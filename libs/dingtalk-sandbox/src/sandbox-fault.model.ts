import type { SandboxApi } from './sandbox-api.routes';

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
