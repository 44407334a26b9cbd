/** DingTalk error codes the library acts on, and how it reads them: one place for every rule. */
export const DingTalkErrorCodes = {
  invalidToken: 'InvalidAuthentication',
  credentialsRejected: 'invalidClientIdOrSecret',
  /** A third-party app's suiteKey or suiteSecret is wrong. */
  suiteKeyRejected: 'invalidSuiteKey',
  /** The suite ticket is not the newest DingTalk pushed. */
  suiteTicketRejected: 'invalidSuiteTicket',
  /** The customer organization has not authorized (or has removed) the third-party app. */
  authorizationRevoked: 'invalidAuthInfo',
  permissionDenied: 'permissionDenied',
  monthlyQuota: 'Forbidden.AccessDenied.ApiCountLimitForOrg',
  notFound: ['conversationNotExist', 'spaceNotExist', 'dentryNotExist'] as readonly string[],
} as const;

/**
 * The library's own codes, for failures that are not DingTalk's answer. `paramError` is also
 * DingTalk's code for bad input; the library uses it for input it refuses itself.
 */
export const ConvFileErrorCodes = {
  /** The input was refused (`paramError.<field>` when only one field is wrong). */
  paramError: 'paramError',
  /** DingTalk did not answer in time. */
  upstreamTimeout: 'upstreamTimeout',
  /** The connection to DingTalk failed. */
  upstreamUnavailable: 'upstreamUnavailable',
  /** DingTalk's answer was not a DingTalk answer (a proxy page, a token answer without a token). */
  upstreamBadResponse: 'upstreamBadResponse',
  /** DingTalk's per-IP protection blocked this server. */
  upstreamBlocked: 'upstreamBlocked',
  /** No suite ticket of a third-party app is known yet (DingTalk pushes one about every 20 minutes). */
  suiteTicketUnavailable: 'suiteTicketUnavailable',
  /** The custom access-token provider failed or returned no token. */
  accessTokenUnavailable: 'accessTokenUnavailable',
  /** This server's own queue for a DingTalk API is full: the call was not made. */
  rateLimited: 'rateLimited',
  /** The application is shutting down: the call was not made. */
  shuttingDown: 'shuttingDown',
  /** No batch has this id, or it belongs to another owner. */
  batchNotFound: 'batchNotFound',
  /** An idempotency key already created a batch from a different request. */
  idempotencyKeyReused: 'idempotencyKeyReused',
  /** Batches cannot be served: Redis, where they live, does not answer. */
  batchesUnavailable: 'batchesUnavailable',
  /** A batch item may not be sent: it was cancelled, or another worker took it (internal). */
  batchItemTaken: 'batchItemTaken',
  /** A batch item's worker stopped while its call may have been in flight: never sent again. */
  workerLost: 'workerLost',
} as const;

/** One of {@link ConvFileErrorCodes}. */
export type ConvFileErrorCode = (typeof ConvFileErrorCodes)[keyof typeof ConvFileErrorCodes];

/** `Forbidden.AccessDenied.Qps*` (per second) and `Qpm*` (per minute): refused before running. */
export function throttlingWindowSeconds(code: string): 1 | 60 | undefined {
  if (code.startsWith('Forbidden.AccessDenied.Qps')) return 1;
  if (code.startsWith('Forbidden.AccessDenied.Qpm')) return 60;
  return undefined;
}

/** DingTalk's own failures: the call may or may not have run. DingTalk also sends `system.error` with 400. */
const FAILURE_CODES = new Set(['systemError', 'system.error', 'unknownError']);

/** True when DingTalk failed on its side (a 5xx, or a failure code with any status). */
export function isDingTalkFailure(code: string, status: number): boolean {
  return status >= 500 || FAILURE_CODES.has(code);
}

export function isParamErrorCode(code: string): boolean {
  const { paramError } = ConvFileErrorCodes;
  return code === paramError || code.startsWith(`${paramError}.`);
}
