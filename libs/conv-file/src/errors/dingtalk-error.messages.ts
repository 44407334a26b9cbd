import type { DingTalkApiName } from '../http/dingtalk-api.endpoints';

/** Every message the library writes, in one place. None of them may ever include a secret or a token. */
export const DingTalkErrorMessages = {
  invalidInput: (api: string, problems: string[]) => `Invalid ${api} input: ${problems.join('; ')}`,
  notAnObject: 'the input must be an object',
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
  network: (api: DingTalkApiName, cause: string, requestSent: boolean) =>
    `Could not reach DingTalk for ${api} (${cause})` +
    (requestSent
      ? '; the file may or may not have been delivered, check before sending again'
      : ''),
  badResponse: (api: DingTalkApiName, status: number, excerpt: string) =>
    `DingTalk answered ${api} with HTTP ${status} and a body that is not a DingTalk answer: ${excerpt}`,
  ipBlocked: (api: DingTalkApiName) =>
    `DingTalk refused ${api}: this server's IP is temporarily blocked for making too many calls`,
  tokenRequest: (code: string, message: string) =>
    `Could not get a DingTalk access token: ${code}: ${message}`,
  tokenMissingInAnswer: 'DingTalk answered the token request without an accessToken',
  tokenProviderFailed: (reason: string) => `The access-token provider failed: ${reason}`,
  tokenProviderEmpty: 'The access-token provider returned no token',
  authCooldown: (seconds: number) =>
    `DingTalk rejected the app's credentials; not asking again for ${seconds} s`,
  stillUnauthenticated: (api: DingTalkApiName) =>
    `DingTalk rejected a freshly fetched access token for ${api}`,
  monthlyQuota:
    "The DingTalk organisation's monthly API call quota is used up; calls will fail until it resets",
  throttled: 'DingTalk is throttling this app; retry after the time given in Retry-After',
  unclassified: (code: string, message: string) => `${code}: ${message}`,

  invalidOption: (option: string, problem: string) => `ConvFileModule option ${option} ${problem}`,
} as const;
