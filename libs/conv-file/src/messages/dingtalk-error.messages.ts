import type { DingTalkApiName } from '../endpoints/dingtalk-api.endpoints';

const MAY_HAVE_BEEN_DELIVERED =
  '; the file may or may not have been delivered, check before sending again';

/**
 * Messages of the errors the library throws, read by API callers. None may ever include a
 * secret, a token or a byte of an answer that was not DingTalk's JSON.
 */
export const DingTalkErrorMessages = {
  invalidInput: (api: string, problems: string[]) => `Invalid ${api} input: ${problems.join('; ')}`,
  notAnObject: 'the input must be an object',
  missingField: (field: string) => `${field} is required`,
  notAString: (field: string) => `${field} must be a string`,
  blank: (field: string) => `${field} must not be empty or blank`,
  tooLong: (field: string, max: number) => `${field} must be at most ${max} characters long`,
  controlCharacters: (field: string) => `${field} must not contain control characters`,
  notWellFormed: (field: string) =>
    `${field} must be valid UTF-8 text (it holds an invalid byte sequence, a replacement character or a lone surrogate)`,
  unknownField: (field: string) => `${field} is not a known field`,

  timeout: (api: DingTalkApiName, ms: number, outcomeUnknown: boolean) =>
    `DingTalk did not answer ${api} within ${ms} ms` +
    (outcomeUnknown ? MAY_HAVE_BEEN_DELIVERED : ''),
  network: (api: DingTalkApiName, cause: string, outcomeUnknown: boolean) =>
    `Could not reach DingTalk for ${api} (${cause})` +
    (outcomeUnknown ? MAY_HAVE_BEEN_DELIVERED : ''),
  badResponse: (api: DingTalkApiName, status: number, outcomeUnknown: boolean) =>
    `DingTalk answered ${api} with HTTP ${status} and a body that is not a DingTalk answer` +
    (outcomeUnknown ? MAY_HAVE_BEEN_DELIVERED : ''),
  ipBlocked: (api: DingTalkApiName) =>
    `DingTalk refused ${api}: this server's IP is temporarily blocked for making too many calls`,
  tokenRequest: (code: string, message: string) =>
    `Could not get a DingTalk access token: ${code}: ${message}`,
  credentialsRecentlyRejected: (code: string) =>
    `Could not get a DingTalk access token: DingTalk rejected the app's credentials moments ago (${code}); not asking again yet`,
  unknownApp: (app: string) => `${app} is not an app of this module`,
  noDefaultApp: 'no default app is configured: name the app with forApp(name)',
  corpIdRequired: (app: string) => `corpId is required: ${app} is a third-party app`,
  corpIdNotForInternalApp: (app: string) =>
    `corpId is only for third-party apps: ${app} is an internal app of one organization`,
  suiteTicketUnavailable: (app: string) =>
    `No suite ticket of the third-party app ${app} has been received yet; DingTalk pushes one about every 20 minutes`,
  suiteTicketProviderFailed: (app: string, reason: string) =>
    `The suite-ticket provider of ${app} failed: ${reason}`,
  authorizationRevoked: (app: string) =>
    `The organization has not authorized the third-party app ${app}, or has removed it (invalidAuthInfo)`,
  tokenMissingInAnswer: 'DingTalk answered the token request without an accessToken',
  tokenProviderFailed: (reason: string) => `The access-token provider failed: ${reason}`,
  tokenProviderEmpty: 'The access-token provider returned no token',
  stillUnauthenticated: (api: DingTalkApiName) =>
    `DingTalk rejected a freshly fetched access token for ${api}`,
  monthlyQuota:
    "The DingTalk organisation's monthly API call quota is used up; calls will fail until it resets",
  queueFull: (api: string, waiting: number) =>
    `Too many ${api} calls are waiting for DingTalk's rate limit on this server (${waiting}); try again later`,
  queueWaitTooLong: (api: string, waitMs: number, maxWaitMs: number) =>
    `A ${api} call would wait about ${Math.ceil(waitMs)} ms for DingTalk's rate limit, more than the allowed ${maxWaitMs} ms; try again later`,
  upstreamFailed: (api: DingTalkApiName, code: string, message: string) =>
    `DingTalk failed ${api} (${code}: ${message})${MAY_HAVE_BEEN_DELIVERED}`,
  shuttingDown: (api: string) => `The application is shutting down; the ${api} call was not made`,
  timedOut: (ms: number) => `timed out after ${ms} ms`,
  batchItemsNotAList: 'items must be an array',
  batchEmpty: 'items must hold at least one item',
  batchTooLarge: (max: number) => `items must hold at most ${max} items`,
  batchApi: (apis: readonly string[]) => `api must be one of ${apis.join(', ')}`,
  batchItemInvalid: (index: number, problem: string) => `item ${index}: ${problem}`,
  batchNotFound: 'No batch has this id',
  batchesUnavailable:
    'Batches are unavailable: Redis, where they are kept, does not answer; try again later',
  idempotencyKeyReused:
    'This Idempotency-Key already created a batch from a different request; use a new key for a new batch',
  batchCursor: 'cursor must be a cursor returned by an earlier page',
  batchLimit: (max: number) => `limit must be a whole number from 1 to ${max}`,
  batchState: (states: readonly string[]) => `state must be one of ${states.join(', ')}`,
  batchItemUnexpected:
    'The item failed with an unexpected error; the file may or may not have been delivered, check before sending again',
  batchItemTaken: 'The batch item was cancelled or taken by another worker; it is not sent here',
  workerLost:
    'The worker stopped while this item was being sent; the file may or may not have been delivered, check before sending again',
} as const;
