import type { SandboxDelivery } from './delivery.model';
import type { SandboxTokenStore, SandboxCaller } from './sandbox-token.store';
import type { SandboxWorld } from './world.store';

/** What an API handler sees of one call. */
export interface ApiContext {
  readonly world: SandboxWorld;
  readonly tokens: SandboxTokenStore;
  readonly query: URLSearchParams;
  /**
   * Checks the access token header, the caller's rate limit and the route's scope, in DingTalk's
   * order; throws the matching error.
   */
  authorize(): SandboxCaller;
  /** Counts the call against the caller's rate limit; throws the throttle error when over it. */
  admit(caller: SandboxCaller): void;
  /** The JSON body (`{}` when empty); throws paramError when not sent as JSON or not an object. */
  body(): Record<string, unknown>;
}

/** A handler's successful outcome. */
export interface ApiResult {
  readonly body: object;
  /** Set by the sending APIs; the server stamps it with time and request id and records it. */
  readonly delivery?: Omit<SandboxDelivery, 'at' | 'requestId'>;
  /** Set by the token endpoints, for the `tokenFetches` and `tokenFetchesBy` stats. */
  readonly tokenIssuedTo?: SandboxCaller;
}

/** One API's behaviour; failures are thrown as SandboxError. */
export type ApiHandler = (ctx: ApiContext) => ApiResult;
