import type { DingTalkApiName } from '../http/dingtalk-api.endpoints';

/** Every message the library writes, in one place. None of them may ever include a secret or a token. */
export const DingTalkErrorMessages = {
  invalidInput: (api: string, problems: string[]) => `Invalid ${api} input: ${problems.join('; ')}`,
  notAnObject: 'the input must be an object',
  missingField: (field: string) => `${field} is required`,
  notAString: (field: string) => `${field} must be a string`,
  blank: (field: string) => `${field} must not be empty or blank`,
  tooLong: (field: string, max: number) => `${field} must be at most ${max} characters long`,
  controlCharacters: (field: string) => `${field} must not contain control characters`,
  unknownField: (field: string) => `${field} is not a known field`,

  timeout: (api: DingTalkApiName, ms: number, outcomeUnknown: boolean) =>
    `DingTalk did not answer ${api} within ${ms} ms` +
    (outcomeUnknown
      ? '; the file may or may not have been delivered, check before sending again'
      : ''),
  network: (api: DingTalkApiName, cause: string, outcomeUnknown: boolean) =>
    `Could not reach DingTalk for ${api} (${cause})` +
    (outcomeUnknown
      ? '; the file may or may not have been delivered, check before sending again'
      : ''),
  badResponse: (api: DingTalkApiName, status: number, excerpt: string, outcomeUnknown: boolean) =>
    `DingTalk answered ${api} with HTTP ${status} and a body that is not a DingTalk answer: ${excerpt}` +
    (outcomeUnknown
      ? '; the file may or may not have been delivered, check before sending again'
      : ''),
  ipBlocked: (api: DingTalkApiName) =>
    `DingTalk refused ${api}: this server's IP is temporarily blocked for making too many calls`,
  tokenRequest: (code: string, message: string) =>
    `Could not get a DingTalk access token: ${code}: ${message}`,
  tokenMissingInAnswer: 'DingTalk answered the token request without an accessToken',
  tokenProviderFailed: (reason: string) => `The access-token provider failed: ${reason}`,
  tokenProviderInvalidateFailed: (reason: string) =>
    `The access-token provider failed to invalidate a refused token (${reason}); asking it for a token again`,
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
    `DingTalk failed ${api} (${code}: ${message}); the file may or may not have been delivered, check before sending again`,
  redisUnavailable: (what: string) =>
    `Redis is unreachable (${what}); DingTalk rate limits and tokens fall back to this instance's memory until it is back`,
  shuttingDown: (api: string) => `The application is shutting down; the ${api} call was not made`,
  redisRecovered: 'Redis is reachable again; DingTalk rate limits and tokens are shared again',
  tokenCacheFailing: 'The token cache is failing; tokens are kept in memory until it is back',
  tokenCacheRecovered: 'The token cache answers again',
  rateLimitCounterFailed: (api: string) =>
    `Rate limit counter failed for ${api}; counting in memory`,
  retrying: (api: DingTalkApiName, attempt: number, delayMs: number, reason: string) =>
    `Retrying ${api} (attempt ${attempt}) in ${delayMs} ms: ${reason}`,
  retryWithFreshToken: 'access token refused, retrying with a fresh one',

  gatewayMalformedRequest:
    'The request is malformed; the body must be a JSON object and the query string well-formed',
  gatewayUnauthorized: 'The caller is not authenticated',
  gatewayForbidden: 'The caller may not use this API',
  // DingTalk's own words for a wrong path or method, so DingTalk clients see what they know.
  gatewayNotFound: 'Specified api is not found, please check your url and method.',
  gatewayPayloadTooLarge: 'The request body is larger than this server accepts',
  gatewayUnsupportedMediaType: 'The request body must be JSON (content-type: application/json)',
  gatewayTooManyRequests: 'Too many requests; retry after the time given in Retry-After',
  gatewayUnavailable: 'The service is unavailable; try again later',
  gatewayRequestRefused: (status: number) => `The request was refused (HTTP ${status})`,
  gatewayInternalError: 'Internal server error',
  unexpectedError: (method: string, path: string) => `Unexpected error answering ${method} ${path}`,

  timedOut: (ms: number) => `timed out after ${ms} ms`,
  invalidOption: (option: string, problem: string) => `ConvFileModule option ${option} ${problem}`,
} as const;

/** What can be wrong with a module option; {@link DingTalkErrorMessages.invalidOption} names the option. */
export const DingTalkOptionProblems = {
  object: 'must be an object',
  required: 'is required',
  string: 'must be a string',
  empty: 'must not be empty',
  whiteSpace: 'must not contain white space',
  finiteNumber: 'must be a finite number',
  wholeNumber: 'must be a whole number',
  atLeast: (min: number) => `must be at least ${min}`,
  atMost: (max: number) => `must be at most ${max}`,
  appKeyRequired: 'is required (or give accessTokenProvider)',
  appSecretRequired: 'is required with appKey',
  providerWithCredentials: 'cannot be combined with appKey/appSecret',
  providerShape:
    'must be a function, an object with getAccessToken(), or a class implementing DingTalkAccessTokenProvider',
  absoluteUrl: 'must be an absolute http(s) URL',
  httpProtocol: 'must use http or https',
  urlCredentials: 'must not contain credentials',
  urlQuery: 'must not contain a query or fragment',
  statusMap: 'must be an object mapping error codes to HTTP statuses',
  errorStatus: 'must be an HTTP error status (400-599)',
  notAnApi: (apis: readonly string[]) => `is not an API; use one of ${apis.join(', ')}`,
  guards: 'must be an array of guard classes or objects with canActivate()',
  securitySchemes: 'must be an array of security scheme names',
  redisUrl: 'must be a redis:// or rediss:// URL',
  redisDatabase: 'must name the database by number, e.g. /0',
  redisPassword: 'must URL-encode its password',
  unknownOption: 'is not a known option (misspelt?)',
} as const;
