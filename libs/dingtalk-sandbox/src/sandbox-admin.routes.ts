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
import type { SandboxCheckUrlOptions, SandboxPush, SandboxPushOptions } from './suite-push.model';
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
  pushSuiteTicket(suiteKey: string, options: SandboxPushOptions): Promise<SandboxPush>;
  pushCheckUrl(suiteKey: string, options: SandboxCheckUrlOptions): Promise<SandboxPush>;
  pushes(): readonly SandboxPush[];
}

/** `suites/{suiteKey}/ticket`, the key percent-encoded. */
const PUSH_ROUTE = /^suites\/([^/]+)\/ticket$/;

/** The fields `POST /__sandbox/suites/{suiteKey}/ticket` takes. */
const PUSH_FIELDS = ['url', 'rotate', 'event'];

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
 * `POST suites/{suiteKey}/ticket` with an optional body `{ url?, rotate?, event? }`: pushes the
 * event (`suite_ticket` by default, or `check_url`) and answers its outcome; undefined for
 * another route.
 */
async function pushAnswer(
  target: SandboxAdminTarget,
  method: string | undefined,
  route: string,
  raw: RawBody,
): Promise<SandboxAnswer | undefined> {
  const match = PUSH_ROUTE.exec(route);
  if (!match || method !== 'POST') return undefined;
  const suiteKey = decodeURIComponent(match[1]);
  const body = parseJsonObject(raw);
  const unknown = Object.keys(body).filter((field) => !PUSH_FIELDS.includes(field));
  if (unknown.length > 0) throw new TypeError(SandboxMessages.unknownPushFields(unknown));
  const event = body.event ?? 'suite_ticket';
  // The pusher checks url and rotate at run time, so the casts only name the expected types.
  const url = body.url as string | undefined;
  if (event === 'check_url') {
    if (body.rotate !== undefined) throw new TypeError(SandboxMessages.pushRotateCheckUrl);
    return jsonAnswer(200, await target.pushCheckUrl(suiteKey, { url }));
  }
  if (event !== 'suite_ticket') throw new TypeError(SandboxMessages.pushEvent);
  const rotate = body.rotate as boolean | undefined;
  return jsonAnswer(200, await target.pushSuiteTicket(suiteKey, { url, rotate }));
}

/**
 * Answers an admin call:
 * `GET deliveries | pushes | stats | faults | world`, `POST faults`, `DELETE faults`,
 * `POST reset`, `POST suites/{suiteKey}/ticket`,
 * `POST suites/{suiteKey}/corps/{corpId}/revoke | authorize`.
 */
export async function adminAnswer(
  target: SandboxAdminTarget,
  method: string | undefined,
  pathname: string,
  raw: RawBody,
  requestId: string,
): Promise<SandboxAnswer> {
  const route = pathname.slice(ADMIN_PREFIX.length);
  try {
    const suiteAnswer =
      authorizationAnswer(target, method, route) ?? (await pushAnswer(target, method, route, raw));
    if (suiteAnswer) return suiteAnswer;
    switch (`${method} ${route}`) {
      case 'GET deliveries':
        return jsonAnswer(200, { deliveries: target.deliveries() });
      case 'GET pushes':
        return jsonAnswer(200, { pushes: target.pushes() });
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
