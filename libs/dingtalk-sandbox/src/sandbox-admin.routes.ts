import type { SandboxApi } from './sandbox-api.routes';
import { errorAnswer, jsonAnswer, type SandboxAnswer } from './sandbox-answer.util';
import type { SandboxStats } from './sandbox.counters';
import { SandboxError, sandboxError } from './sandbox.error';
import type {
  SandboxDropFault,
  SandboxErrorFault,
  SandboxFaultInjector,
  SandboxIpBlockFault,
} from './sandbox-fault.model';
import { SandboxMessages } from './sandbox.messages';
import { parseJsonObject, type RawBody } from './sandbox-request.util';
import type { SandboxDelivery } from './delivery.model';
import type { SandboxWorld } from './world.store';
import { SandboxWorldError } from './world.validator';

/** Path prefix of the sandbox-only admin routes; DingTalk has nothing under it. */
export const ADMIN_PREFIX = '/__sandbox/';

/** What the admin routes control (the sandbox itself). */
export interface SandboxAdminTarget {
  readonly world: SandboxWorld;
  readonly faults: SandboxFaultInjector;
  deliveries(): readonly SandboxDelivery[];
  stats(): SandboxStats;
  reset(): void;
  revokeAuthorization(suiteKey: string, corpId: string): void;
  restoreAuthorization(suiteKey: string, corpId: string): void;
}

/** `suites/{suiteKey}/corps/{corpId}/{revoke|authorize}`, the segments percent-encoded. */
const AUTHORIZATION_ROUTE = /^suites\/([^/]+)\/corps\/([^/]+)\/(revoke|authorize)$/;

/** The fields each fault type of `POST /__sandbox/faults` takes, `type` included. */
const FAULT_FIELDS = {
  latency: ['type', 'ms', 'api'],
  error: ['type', 'code', 'status', 'message', 'count', 'api'],
  drop: ['type', 'when', 'count', 'api'],
  ipBlock: ['type', 'format', 'status', 'count', 'api'],
} as const satisfies Record<string, readonly string[]>;

type FaultType = keyof typeof FAULT_FIELDS;

function isFaultType(value: unknown): value is FaultType {
  return typeof value === 'string' && Object.hasOwn(FAULT_FIELDS, value);
}

/** Body of `POST /__sandbox/faults`: one fault, chosen by `type`; a typo in a field is refused. */
function injectFault(faults: SandboxFaultInjector, raw: RawBody): void {
  const body = parseJsonObject(raw);
  const type = body.type;
  if (!isFaultType(type)) throw new TypeError(SandboxMessages.faultType);
  const allowed: readonly string[] = FAULT_FIELDS[type];
  const unknown = Object.keys(body).filter((field) => !allowed.includes(field));
  if (unknown.length > 0) throw new TypeError(SandboxMessages.unknownFaultFields(type, unknown));
  // The fault methods check every field at run time, so the casts only name the expected shape.
  switch (type) {
    case 'latency':
      return faults.setLatency(body.ms as number, body.api as SandboxApi | undefined);
    case 'error':
      return faults.failNext(body as unknown as SandboxErrorFault);
    case 'drop':
      return faults.dropNext(body as unknown as SandboxDropFault);
    case 'ipBlock':
      return faults.blockNext(body as unknown as SandboxIpBlockFault);
  }
}

/** A refused admin call: 400 `Sandbox.BadRequest` with the reason, whatever refused it. */
function badRequest(error: unknown): SandboxError | undefined {
  const refused =
    error instanceof SandboxError ||
    error instanceof SandboxWorldError ||
    error instanceof TypeError ||
    error instanceof RangeError ||
    error instanceof URIError;
  return refused ? sandboxError('adminBadRequest', error.message) : undefined;
}

/** `POST suites/{suiteKey}/corps/{corpId}/revoke | authorize`; undefined for another route. */
function authorizationAnswer(
  target: SandboxAdminTarget,
  method: string | undefined,
  route: string,
): SandboxAnswer | undefined {
  const match = AUTHORIZATION_ROUTE.exec(route);
  if (!match || method !== 'POST') return undefined;
  const suiteKey = decodeURIComponent(match[1]);
  const corpId = decodeURIComponent(match[2]);
  const authorized = match[3] === 'authorize';
  if (authorized) target.restoreAuthorization(suiteKey, corpId);
  else target.revokeAuthorization(suiteKey, corpId);
  return jsonAnswer(200, { suiteKey, corpId, authorized });
}

/**
 * Answers an admin call:
 * `GET deliveries | stats | faults | world`, `POST faults`, `DELETE faults`, `POST reset`,
 * `POST suites/{suiteKey}/corps/{corpId}/revoke | authorize`.
 */
export function adminAnswer(
  target: SandboxAdminTarget,
  method: string | undefined,
  pathname: string,
  raw: RawBody,
  requestId: string,
): SandboxAnswer {
  const route = pathname.slice(ADMIN_PREFIX.length);
  try {
    const authorization = authorizationAnswer(target, method, route);
    if (authorization) return authorization;
    switch (`${method} ${route}`) {
      case 'GET deliveries':
        return jsonAnswer(200, { deliveries: target.deliveries() });
      case 'GET stats':
        return jsonAnswer(200, target.stats());
      case 'GET world':
        return jsonAnswer(200, target.world.toJSON());
      case 'GET faults':
        return jsonAnswer(200, target.faults.pending());
      case 'POST faults':
        injectFault(target.faults, raw);
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
    const refused = badRequest(error);
    if (refused) return errorAnswer(refused, requestId);
    throw error;
  }
}
