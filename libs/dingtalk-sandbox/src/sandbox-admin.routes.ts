import type { SandboxDelivery } from './delivery.model';
import type {
  SandboxDropFault,
  SandboxErrorFault,
  SandboxFaultInjector,
  SandboxIpBlockFault,
} from './sandbox-faults';
import { SandboxError, sandboxError } from './sandbox-errors';
import {
  errorAnswer,
  jsonAnswer,
  parseJsonObject,
  type RawBody,
  type SandboxAnswer,
} from './sandbox-http';
import type { SandboxStats } from './sandbox-stats';
import type { SandboxWorld } from './sandbox-world';
import type { SandboxApi } from './sandbox-apis';

/** Path prefix of the sandbox-only admin routes; DingTalk has nothing under it. */
export const ADMIN_PREFIX = '/__sandbox/';

/** What the admin routes control (the sandbox itself). */
export interface SandboxAdminTarget {
  readonly world: SandboxWorld;
  readonly faults: SandboxFaultInjector;
  deliveries(): readonly SandboxDelivery[];
  stats(): SandboxStats;
  reset(): void;
}

/** Body of `POST /__sandbox/faults`: one fault, chosen by `type`. */
type FaultRequest = Record<string, unknown>;

function injectFault(faults: SandboxFaultInjector, body: FaultRequest): void {
  // The fault methods check every field at run time, so the casts only name the expected shape.
  switch (body.type) {
    case 'latency':
      return faults.setLatency(body.ms as number, body.api as SandboxApi | undefined);
    case 'error':
      return faults.failNext(body as unknown as SandboxErrorFault);
    case 'drop':
      return faults.dropNext(body as unknown as SandboxDropFault);
    case 'ipBlock':
      return faults.blockNext(body as unknown as SandboxIpBlockFault);
    default:
      throw new TypeError('type must be one of latency, error, drop, ipBlock');
  }
}

/**
 * Answers an admin call:
 * `GET deliveries | stats | faults | world`, `POST faults`, `DELETE faults`, `POST reset`.
 */
export function adminAnswer(
  target: SandboxAdminTarget,
  method: string | undefined,
  pathname: string,
  raw: RawBody,
  requestId: string,
): SandboxAnswer {
  try {
    switch (`${method} ${pathname.slice(ADMIN_PREFIX.length)}`) {
      case 'GET deliveries':
        return jsonAnswer(200, { deliveries: target.deliveries() });
      case 'GET stats':
        return jsonAnswer(200, target.stats());
      case 'GET world':
        return jsonAnswer(200, target.world.toJSON());
      case 'GET faults':
        return jsonAnswer(200, target.faults.pending());
      case 'POST faults':
        injectFault(target.faults, parseJsonObject(raw));
        return jsonAnswer(200, target.faults.pending());
      case 'DELETE faults':
        target.faults.clear();
        return jsonAnswer(200, target.faults.pending());
      case 'POST reset':
        target.reset();
        return jsonAnswer(200, { reset: true });
      default:
        return errorAnswer(sandboxError('routeNotFound'), requestId);
    }
  } catch (error) {
    if (error instanceof SandboxError) return errorAnswer(error, requestId);
    if (error instanceof TypeError || error instanceof RangeError) {
      return errorAnswer(sandboxError('adminBadRequest', error.message), requestId);
    }
    throw error;
  }
}
