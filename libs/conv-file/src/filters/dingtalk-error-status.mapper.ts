import { DingTalkApiError } from '../errors/dingtalk-api.error';
import {
  ConvFileErrorCodes,
  DingTalkErrorCodes,
  isParamErrorCode,
  throttlingWindowSeconds,
} from '../errors/dingtalk-error.codes';
import { DingTalkErrorMessages } from '../messages/dingtalk-error.messages';
import { DingTalkRateLimitError } from '../errors/dingtalk-rate-limit.error';
import { DingTalkTimeoutError } from '../errors/dingtalk-timeout.error';
import { DingTalkValidationError } from '../errors/dingtalk-validation.error';
import type { DingTalkError } from '../errors/dingtalk.error';
import type { DingTalkErrorBodyDto } from '../dto/dingtalk-error-body.dto';

/** Body of every error answer: DingTalk's own v1.0 error shape, so DingTalk clients can parse it. */
export type DingTalkErrorBody = DingTalkErrorBodyDto;

/** What to answer an HTTP caller for a library error. */
export interface DingTalkHttpAnswer {
  status: number;
  body: DingTalkErrorBody;
  /** Seconds, for a `Retry-After` header. */
  retryAfterSeconds?: number;
}

/** DingTalk's per-IP block lasts 5 minutes. */
const IP_BLOCK_SECONDS = 300;
/** DingTalk pushes a suite ticket about every 20 minutes; a caller should not poll faster than this. */
const SUITE_TICKET_WAIT_SECONDS = 60;
/** DingTalk counts monthly quotas in China Standard Time (UTC+8). */
const CST_OFFSET_MS = 8 * 3600_000;

/**
 * The HTTP answer for a library error. The status follows the **code** (DingTalk uses several
 * statuses for one code); `overrides` (code → status) win over the table. Codes not in the table:
 * 502, since the caller cannot fix what DingTalk refused for an unknown reason.
 */
export function toDingTalkHttpAnswer(
  error: DingTalkError,
  overrides: Readonly<Record<string, number>> = {},
  now: Date = new Date(),
): DingTalkHttpAnswer {
  const answer = defaultAnswer(error, now);
  const override = overrides[error.code];
  return override === undefined ? answer : { ...answer, status: override };
}

function defaultAnswer(error: DingTalkError, now: Date): DingTalkHttpAnswer {
  const body: DingTalkErrorBody = { code: error.code, message: error.message };
  if (error.requestId) body.requestid = error.requestId;
  if (error instanceof DingTalkApiError && error.accessDeniedDetail) {
    body.accessdenieddetail = error.accessDeniedDetail;
  }
  const code = error.code;

  if (error instanceof DingTalkValidationError)
    return { status: 400, body: { ...body, details: error.details } };
  if (error instanceof DingTalkTimeoutError) return { status: 504, body };
  if (error instanceof DingTalkRateLimitError) {
    return {
      status: 429,
      body,
      retryAfterSeconds: Math.max(1, Math.ceil(error.retryAfterMs / 1000)),
    };
  }
  if (code === ConvFileErrorCodes.shuttingDown) return { status: 503, body, retryAfterSeconds: 1 };
  if (isParamErrorCode(code)) return { status: 400, body };
  if (
    code === DingTalkErrorCodes.permissionDenied ||
    code === DingTalkErrorCodes.authorizationRevoked
  ) {
    return { status: 403, body };
  }
  if (code === ConvFileErrorCodes.suiteTicketUnavailable) {
    return { status: 503, body, retryAfterSeconds: SUITE_TICKET_WAIT_SECONDS };
  }
  if (DingTalkErrorCodes.notFound.includes(code) || code === ConvFileErrorCodes.batchNotFound) {
    return { status: 404, body };
  }
  if (code === ConvFileErrorCodes.idempotencyKeyReused) return { status: 409, body };
  if (code === ConvFileErrorCodes.batchesUnavailable) {
    return { status: 503, body, retryAfterSeconds: 1 };
  }
  if (code === DingTalkErrorCodes.monthlyQuota) {
    return {
      status: 429,
      body: { ...body, message: DingTalkErrorMessages.monthlyQuota },
      retryAfterSeconds: secondsToNextCstMonth(now),
    };
  }
  const throttlingWindow = throttlingWindowSeconds(code);
  if (throttlingWindow !== undefined) {
    return { status: 429, body, retryAfterSeconds: throttlingWindow };
  }
  if (code === ConvFileErrorCodes.upstreamBlocked) {
    return { status: 503, body, retryAfterSeconds: IP_BLOCK_SECONDS };
  }
  // Set-up faults (InvalidAuthentication after its retry, invalidClientIdOrSecret, a missing
  // scope, IP allow-list), DingTalk's own failures, unreadable answers, connection failures
  // (upstreamUnavailable) and unknown codes.
  return { status: 502, body };
}

function secondsToNextCstMonth(now: Date): number {
  const cst = new Date(now.getTime() + CST_OFFSET_MS);
  const nextMonthCst = Date.UTC(cst.getUTCFullYear(), cst.getUTCMonth() + 1, 1) - CST_OFFSET_MS;
  return Math.max(1, Math.ceil((nextMonthCst - now.getTime()) / 1000));
}
