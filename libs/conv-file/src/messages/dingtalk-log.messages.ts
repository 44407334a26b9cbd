import type { DingTalkApiName } from '../endpoints/dingtalk-api.endpoints';

/** Lines the library writes to the application's log, read by operators. Never a secret or token. */
export const DingTalkLogMessages = {
  tokenProviderInvalidateFailed: (reason: string) =>
    `The access-token provider failed to invalidate a refused token (${reason}); asking it for a token again`,
  redisUnavailable: (what: string) =>
    `Redis is unreachable (${what}); DingTalk rate limits and tokens fall back to this instance's memory until it is back`,
  redisRecovered: 'Redis is reachable again; DingTalk rate limits and tokens are shared again',
  observerFailed: (event: string, errorName: string | undefined) =>
    `The ConvFileObserver's ${event} threw (${errorName ?? 'error'}); calls go on, further failures are not logged`,
  tokenCacheFailing: 'The token cache is failing; tokens are kept in memory until it is back',
  tokenCacheRecovered: 'The token cache answers again',
  retrying: (api: DingTalkApiName, attempt: number, delayMs: number, reason: string) =>
    `Retrying ${api} (attempt ${attempt}) in ${delayMs} ms: ${reason}`,
  retryWithFreshToken: (api: DingTalkApiName) =>
    `Retrying ${api} once with a fresh access token: DingTalk refused the cached one`,
  suiteTicketReceived: (app: string) => `Received a suite ticket for the third-party app ${app}`,
  eventIgnored: (app: string, type: string) =>
    `Acknowledged a DingTalk event ${type} for ${app}; the module does not act on it`,
  batchWorkerError: (reason: string) => `The batch worker reported an error: ${reason}`,
  batchWorkerCloseTimedOut: (ms: number) =>
    `The batch worker did not stop within ${ms} ms; items in flight end unknown when another instance takes them over`,
  batchItemUnexpectedError: (batchId: string, index: number, reason: string) =>
    `Batch ${batchId} item ${index} failed unexpectedly (${reason}); it ends unknown, or failed if its request never left`,
  unexpectedError: (method: string, path: string) => `Unexpected error answering ${method} ${path}`,
} as const;
