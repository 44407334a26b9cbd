import type { ResolvedRetry } from '../conv-file-options.resolver';
import { DingTalkApiError } from '../errors/dingtalk-api.error';
import {
  ConvFileErrorCodes,
  DingTalkErrorCodes,
  isDingTalkFailure,
  throttlingWindowSeconds,
} from '../errors/dingtalk-error.codes';
import { DingTalkNetworkError } from '../errors/dingtalk-network.error';
import { DingTalkTimeoutError } from '../errors/dingtalk-timeout.error';
import { DINGTALK_ENDPOINTS, type DingTalkApiName } from '../http/dingtalk-api.endpoints';

/**
 * Why a failed call may be made again:
 * - `invalidToken`: refused before it ran; retried once, at once, after a token refresh;
 * - `throttled`: DingTalk's rate limit refused it before it ran;
 * - `notSent`: the connection was refused, nothing reached DingTalk;
 * - `unknownOutcome`: it may have run, which only an idempotent call (GetSpace, the token fetch) can repeat.
 */
export type RetryReason = 'invalidToken' | 'throttled' | 'notSent' | 'unknownOutcome';

const JITTER = 0.2;

/** Whether `error` allows another attempt at `api`, and why. Sends whose outcome is unknown never do. */
export function retryReasonOf(error: unknown, api: DingTalkApiName): RetryReason | undefined {
  const idempotent = DINGTALK_ENDPOINTS[api].idempotent;
  if (error instanceof DingTalkApiError) {
    if (error.code === DingTalkErrorCodes.invalidToken) return 'invalidToken';
    if (throttlingWindowSeconds(error.code) !== undefined) return 'throttled';
    const failed =
      isDingTalkFailure(error.code, error.status) ||
      error.code === ConvFileErrorCodes.upstreamBadResponse;
    return idempotent && failed ? 'unknownOutcome' : undefined;
  }
  if (error instanceof DingTalkNetworkError) {
    if (!error.requestSent) return 'notSent';
    return idempotent ? 'unknownOutcome' : undefined;
  }
  if (error instanceof DingTalkTimeoutError) return idempotent ? 'unknownOutcome' : undefined;
  return undefined;
}

/**
 * Wait before retry number `retry` (1-based) for `reason`: exponential from the configured
 * first delay, with ±20% jitter so that instances throttled together do not retry together.
 */
export function retryDelayMs(
  reason: Exclude<RetryReason, 'invalidToken'>,
  retry: number,
  options: ResolvedRetry,
  random: () => number = Math.random,
): number {
  const base = reason === 'throttled' ? options.throttleDelayMs : options.networkDelayMs;
  const jitter = 1 - JITTER + 2 * JITTER * random();
  return Math.round(base * 2 ** (retry - 1) * jitter);
}
