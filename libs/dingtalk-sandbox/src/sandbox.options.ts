import { SandboxMessages } from './sandbox.messages';
import type { SandboxWorldInit } from './world.model';

/** Fixed-window rate limit per (caller, API), as DingTalk applies it. */
export interface SandboxRateLimit {
  /** Calls admitted per window and per (app or suite in a corp, API). @default 20 */
  limit?: number;
  /** Window length in milliseconds; DingTalk's windows are 1 s. @default 1000 */
  windowMs?: number;
}

/** Options of {@link createDingTalkSandbox}. Every option is optional. */
export interface DingTalkSandboxOptions {
  /** Interface to listen on. @default '127.0.0.1' */
  host?: string;
  /** Port to listen on; 0 picks a free port (read it from `sandbox.url`). @default 0 */
  port?: number;
  /**
   * The world: a plain object, or the path of a world JSON file.
   * @default the package's `world/default-world.json`
   */
  world?: SandboxWorldInit | string;
  /** Lifetime of issued access tokens, in seconds (the `expireIn` answered). @default 7200 */
  tokenExpireInSeconds?: number;
  /**
   * Per-app, per-API fixed-window limit; `false` admits everything (peaks are still measured).
   * @default { limit: 20, windowMs: 1000 }
   */
  rateLimit?: SandboxRateLimit | false;
  /** Clock in epoch milliseconds, for token expiry, rate windows and timestamps. @default Date.now */
  now?: () => number;
  /** Latency added to every answer of the DingTalk APIs, in ms. @default 0 */
  latencyMs?: number;
  /**
   * How long an event push to a suite's callback URL waits for the app's whole answer before it
   * counts as not delivered, in ms (real time, not the injected clock). @default 5000
   */
  callbackTimeoutMs?: number;
  /**
   * Receives one line per answered call: method, path, status, error code, request id; and one
   * per settled event push: event, suiteKey, the app's status, whether delivered and why not.
   * Never tokens, secrets, tickets, URLs, query strings or bodies. If it throws, the error is
   * ignored.
   * @default no logging
   */
  logger?: (line: string) => void;
}

/** Options with every default applied. */
export interface ResolvedSandboxOptions {
  readonly host: string;
  readonly port: number;
  readonly tokenExpireInSeconds: number;
  readonly rateLimit: { readonly limit: number | undefined; readonly windowMs: number };
  readonly now: () => number;
  readonly latencyMs: number;
  readonly callbackTimeoutMs: number;
  readonly logger: ((line: string) => void) | undefined;
}

function positiveInteger(value: number, name: string): number {
  if (!Number.isSafeInteger(value) || value <= 0) {
    throw new RangeError(SandboxMessages.positiveInteger(name, value));
  }
  return value;
}

function nonNegativeMs(value: number, name: string): number {
  // Number.isFinite is false for anything but a number: JavaScript callers may pass anything.
  if (!Number.isFinite(value) || value < 0) {
    throw new RangeError(SandboxMessages.nonNegativeMs(name, value));
  }
  return value;
}

/** Applies defaults and rejects impossible values early, with the option's name. */
export function resolveSandboxOptions(options: DingTalkSandboxOptions): ResolvedSandboxOptions {
  const rateLimit = options.rateLimit ?? {};
  const windowMs = positiveInteger(
    rateLimit === false ? 1000 : (rateLimit.windowMs ?? 1000),
    'rateLimit.windowMs',
  );
  return {
    host: options.host ?? '127.0.0.1',
    port: options.port ?? 0,
    tokenExpireInSeconds: positiveInteger(
      options.tokenExpireInSeconds ?? 7200,
      'tokenExpireInSeconds',
    ),
    rateLimit: {
      limit:
        rateLimit === false ? undefined : positiveInteger(rateLimit.limit ?? 20, 'rateLimit.limit'),
      windowMs,
    },
    now: options.now ?? Date.now,
    latencyMs: nonNegativeMs(options.latencyMs ?? 0, 'latencyMs'),
    callbackTimeoutMs: positiveInteger(options.callbackTimeoutMs ?? 5000, 'callbackTimeoutMs'),
    logger: options.logger,
  };
}
