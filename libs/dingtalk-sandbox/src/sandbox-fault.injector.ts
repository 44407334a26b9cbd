import { isSandboxApi, type SandboxApi } from './sandbox-api.routes';
import { sandboxError } from './sandbox.error';
import type {
  SandboxDropFault,
  SandboxErrorFault,
  SandboxFaultInjector,
  SandboxFaultsSnapshot,
  SandboxIpBlockFault,
  SandboxQueuedFault,
} from './sandbox-fault.model';
import { SandboxMessages } from './sandbox.messages';
import { isText } from './sandbox-text.util';

const DEFAULT_BLOCK_STATUS = { html: 403, json: 200 } as const;

/** The fault queue and latency table; the server consumes faults with {@link take}. */
export class SandboxFaults implements SandboxFaultInjector {
  private latency: { all: number } & Partial<Record<SandboxApi, number>>;
  private queue: SandboxQueuedFault[] = [];

  /** @param latencyMs initial latency for every API (the checked `latencyMs` option). */
  constructor(private readonly latencyMs = 0) {
    this.latency = { all: latencyMs };
  }

  setLatency(ms: number, api?: SandboxApi): void {
    // Stryker disable next-line ConditionalExpression: Number.isFinite is false for every non-number, so the typeof test only documents the intent
    if (typeof ms !== 'number' || !Number.isFinite(ms) || ms < 0) {
      throw new RangeError(SandboxMessages.nonNegativeMs('latency', ms));
    }
    this.latency[checkApi(api) ?? 'all'] = ms;
  }

  failNext(fault: SandboxErrorFault): void {
    if (!isText(fault.code)) {
      throw new TypeError(SandboxMessages.faultCode);
    }
    if (!Number.isInteger(fault.status) || fault.status < 400 || fault.status > 599) {
      throw new RangeError(SandboxMessages.faultStatus);
    }
    if (fault.message !== undefined && typeof fault.message !== 'string') {
      throw new TypeError(SandboxMessages.faultMessage);
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
      throw new TypeError(SandboxMessages.dropWhen);
    }
    this.enqueue(fault, { type: 'drop', when: fault.when, api: fault.api });
  }

  blockNext(fault: SandboxIpBlockFault): void {
    if (fault.format !== 'html' && fault.format !== 'json') {
      throw new TypeError(SandboxMessages.blockFormat);
    }
    const status = fault.status ?? DEFAULT_BLOCK_STATUS[fault.format];
    if (!Number.isInteger(status) || status < 200 || status > 599) {
      throw new RangeError(SandboxMessages.blockStatus);
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
    if (!Number.isInteger(count) || count < 1) throw new RangeError(SandboxMessages.faultCount);
    checkApi(options.api);
    this.queue.push({ ...fault, remaining: count });
  }
}

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

function checkApi(api: SandboxApi | undefined): SandboxApi | undefined {
  if (api !== undefined && !isSandboxApi(api)) throw new TypeError(SandboxMessages.unknownApi(api));
  return api;
}
