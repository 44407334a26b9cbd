/**
 * Every message the sample app writes about a problem, in one place. None may include the value
 * of a secret (an API key, the app secret, a token): they name the variable or the field instead.
 */
export const AppMessages = {
  invalidEnvironment: (problems: readonly string[]) =>
    `Invalid environment; fix these variables and start again:\n${problems.map((problem) => `  - ${problem}`).join('\n')}`,
  secretWithoutKey: 'DINGTALK_APP_SECRET is set but DINGTALK_APP_KEY is not',
  secretRequired: 'DINGTALK_APP_SECRET is required when DINGTALK_APP_KEY is set',
  apiKeysRequired:
    'API_KEYS is required when DINGTALK_APP_KEY is set: the service acts as your DingTalk app, so it must not be open to anyone',
  credentialsRequiredInProduction:
    'DINGTALK_APP_KEY and DINGTALK_APP_SECRET are required when NODE_ENV=production (the in-process sandbox is for development only)',
  apiKeyEmpty: (position: number) => `API_KEYS: key ${position} is empty`,
  apiKeyCharacters: (position: number) =>
    `API_KEYS: key ${position} may only contain letters, digits and . _ ~ + / = -`,
  apiKeyTooShort: (position: number, min: number) =>
    `API_KEYS: key ${position} is shorter than ${min} characters`,
  apiKeyTooLong: (position: number, max: number) =>
    `API_KEYS: key ${position} is longer than ${max} characters`,
  policyRequiresApiKeys: 'API_KEY_POLICIES is set but API_KEYS is not',
  policyFormat: (position: number) =>
    `API_KEY_POLICIES: entry ${position} must look like <api key>:<unionId>|<unionId>`,
  policyUnknownKey: (position: number) =>
    `API_KEY_POLICIES: entry ${position} names a key that is not in API_KEYS`,
  policyDuplicateKey: (position: number) =>
    `API_KEY_POLICIES: entry ${position} names a key that an earlier entry already names`,
  policyBadUnionId: (position: number) =>
    `API_KEY_POLICIES: entry ${position} has an empty or malformed unionId`,
  redisUrl: 'REDIS_URL must be a redis:// or rediss:// URL',
  baseUrl: 'DINGTALK_API_BASE_URL must be an http:// or https:// URL',
  noWhitespace: (variable: string) => `${variable} must not contain white space`,

  apiKeyMissing: 'The x-api-key header is required',
  apiKeyInvalid: 'The x-api-key header does not hold a valid API key',
  unionIdNotAllowed: 'This API key may not act for this unionId',

  sandboxAppMissing: (appKey: string) => `The sandbox world has no app ${appKey}`,
  startFailed: 'The application could not start',
  unexpectedStartError: 'Unexpected error while starting; see the stack trace',
  dingTalkUnexpected: 'unexpected error while getting a DingTalk access token',
} as const;
