import type { IncomingHttpHeaders } from 'node:http';
import type { SandboxApi } from './sandbox-api.routes';
import { sandboxError, type SandboxError } from './sandbox.error';
import type { SandboxCaller, SandboxTokenStore } from './sandbox-token.store';
import type { SandboxWorld } from './world.store';

/*
 * The checks DingTalk's API gateway makes on a call before the API runs: who the access token
 * belongs to, whether that caller is over its rate limit, and whether it holds the route's scope.
 */

/** Header carrying the access token on every convFile call. */
const ACCESS_TOKEN_HEADER = 'x-acs-dingtalk-access-token';

/**
 * The caller behind the request's access token. A corp token is refused once the corp has revoked
 * the suite's authorization, as an invalid token: DingTalk documents no other code for it, and a
 * client's one refresh then meets `invalidAuthInfo`, which says why.
 */
export function authenticate(
  headers: IncomingHttpHeaders,
  tokens: SandboxTokenStore,
  world: SandboxWorld,
): SandboxCaller {
  const header = headers[ACCESS_TOKEN_HEADER];
  // Stryker disable next-line MethodExpression: Node's HTTP parser already strips the whitespace around a header value
  const token = (Array.isArray(header) ? header[0] : header)?.trim();
  if (!token) throw sandboxError('missingAccessToken');
  const caller = tokens.resolve(token);
  if (!caller) throw sandboxError('invalidAccessToken');
  if (
    caller.kind === 'suite' &&
    world.authorizationGrant(caller.key, caller.corpId) !== caller.grant
  ) {
    throw sandboxError('revokedAccessToken', caller.corpId, caller.key);
  }
  return caller;
}

/** Refuses the call when the caller's app or suite lacks `scope`, naming it as DingTalk does. */
export function requireScope(world: SandboxWorld, caller: SandboxCaller, scope: string): void {
  const scopes =
    caller.kind === 'app' ? world.app(caller.key)?.scopes : world.suite(caller.key)?.scopes;
  if (scopes?.includes(scope)) return;
  throw sandboxError('scopeMissing', scope).withDetail({ requiredScopes: [scope] });
}

/** The rate-limit key: the appKey, or `suiteKey/corpId` since suites are limited per customer corp. */
export function rateKeyOf(caller: SandboxCaller): string {
  return caller.kind === 'app' ? caller.key : `${caller.key}/${caller.corpId}`;
}

/** The throttle answer for the caller's kind. */
export function throttleError(caller: SandboxCaller, api: SandboxApi, limit: number): SandboxError {
  const key = caller.kind === 'app' ? 'appQpsExceeded' : 'suiteQpsExceeded';
  return sandboxError(key, rateKeyOf(caller), api, String(limit));
}
