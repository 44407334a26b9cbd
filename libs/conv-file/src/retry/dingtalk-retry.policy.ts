import { DINGTALK_ENDPOINTS, type DingTalkApiName } from '../endpoints/dingtalk-api.endpoints';
import { DingTalkApiError } from '../errors/dingtalk-api.error';
import {
  ConvFileErrorCodes,
  isDingTalkFailure,
  throttlingWindowSeconds,
} from '../errors/dingtalk-error.codes';
import { DingTalkNetworkError } from '../errors/dingtalk-network.error';
import { DingTalkTimeoutError } from '../errors/dingtalk-timeout.error';
import type { ResolvedConvFileOptions } from '../options/conv-file-options.resolver';

/**
 * Why a failed call may be made again:
 * - `throttled`: DingTalk's rate limit refused it before it ran;
 * - `notSent`: the connection failed before the request was written, nothing reached DingTalk;
 * - `unknownOutcome`: it may have run, which only an idempotent call (GetSpace, the token fetch) can repeat.
 *
 * An invalid-token answer is not a reason here: the call orchestrator refreshes the token once.
 */
export type RetryReason = 'throttled' | 'notSent' | 'unknownOutcome';

const JITTER = 0.2;

/** Whether `error` allows another attempt at `api`, and why. Sends whose outcome is unknown never do. */
export function retryReasonOf(error: unknown, api: DingTalkApiName): RetryReason | undefined {
  const idempotent = DINGTALK_ENDPOINTS[api].idempotent;
  if (error instanceof DingTalkApiError) {
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
  reason: RetryReason,
  retry: number,
  options: ResolvedConvFileOptions['retry'],
  random: () => number = Math.random,
): number {
  const base = reason === 'throttled' ? options.throttleDelayMs : options.networkDelayMs;
  const jitter = 1 - JITTER + 2 * JITTER * random();
  return Math.round(base * 2 ** (retry - 1) * jitter);
}
