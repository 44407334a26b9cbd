/**
 * Every message the sample app writes (problems, start-up lines, the sandbox banner), in one place.
 * None may include the value of a secret (an API key, the app secret, a token): they name the
 * variable or the field instead.
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
  appsFileNotJson: 'DINGTALK_APPS_FILE: the file is not valid JSON',
  appsFileUnreadable: (code: string) => `DINGTALK_APPS_FILE: the file cannot be read (${code})`,
  appsFileShape:
    'DINGTALK_APPS_FILE: the file must hold { "defaultApp"?: "<name>", "apps": { "<name>": { ... } } }',
  appsFileSecretShape: (where: string) =>
    `DINGTALK_APPS_FILE: ${where} must be a string or { "env": "<variable name>" }`,
  appsFileSecretUnset: (where: string, variable: string) =>
    `DINGTALK_APPS_FILE: ${where} names the variable ${variable}, which is not set`,
  appsWithAppKey: 'DINGTALK_APPS_FILE cannot be combined with DINGTALK_APP_KEY/DINGTALK_APP_SECRET',
  apiKeyAppsFormat: (position: number) =>
    `API_KEY_APPS: entry ${position} must look like <api key>:<app>[:<corpId>]`,
  apiKeyAppsUnknownKey: (position: number) =>
    `API_KEY_APPS: entry ${position} names a key that is not in API_KEYS`,
  apiKeyAppsUnknownApp: (position: number) =>
    `API_KEY_APPS: entry ${position} names an app that is not in DINGTALK_APPS_FILE`,
  apiKeyAppsDuplicateKey: (position: number) =>
    `API_KEY_APPS: entry ${position} binds a key that an earlier entry binds`,
  policyFormat: (position: number) =>
    `API_KEY_POLICIES: entry ${position} must look like <api key>:<unionId>|<unionId>`,
  policyUnknownKey: (position: number) =>
    `API_KEY_POLICIES: entry ${position} names a key that is not in API_KEYS`,
  policyDuplicateKey: (position: number) =>
    `API_KEY_POLICIES: entry ${position} names a key that an earlier entry already names`,
  policyBadUnionId: (position: number) =>
    `API_KEY_POLICIES: entry ${position} has an empty or malformed unionId`,
  redisUrl: 'REDIS_URL must be a redis:// or rediss:// URL',
  redisKeyPrefix: 'REDIS_KEY_PREFIX must be 1 to 64 letters, digits or _ : . { } -',
  baseUrl: 'DINGTALK_API_BASE_URL must be an http:// or https:// URL',
  metricsToken: 'METRICS_TOKEN must be 16 to 256 characters of A-Z a-z 0-9 . _ ~ + / = -',
  metricsToken401: 'GET /metrics needs Authorization: Bearer <METRICS_TOKEN>',
  metricsPortIsPort: 'METRICS_PORT must differ from PORT: the metrics port is served without auth',
  wholeNumber: (variable: string) => `${variable} must be a whole number written in digits 0-9`,
  noWhitespace: (variable: string) => `${variable} must not contain white space`,
  trustProxy:
    'TRUST_PROXY must be true, false, a number of proxy hops, or a comma-separated list of IP addresses, CIDR ranges, loopback, linklocal or uniquelocal',

  apiKeyMissing: 'The x-api-key header is required',
  batchesNeedRedis:
    'Batches need Redis: start the service with REDIS_URL set (batches are kept and processed there)',
  batchUnionIdNotAllowed: (index: number) =>
    `This API key may not act for the unionId of item ${index}`,
  batchBodyNotJson: 'The request body must be JSON (content-type: application/json)',
  batchBodyNotObject: 'the body must be a JSON object { api, items }',
  batchBodyField: (field: string) => `${field} is not a known field`,
  batchQueryParameter: (name: string) =>
    `${name} is not a query parameter of this route, or is given more than once`,
  batchRequestInvalid: (problems: string[]) => `Invalid batch request: ${problems.join('; ')}`,
  apiKeyInvalid: 'The x-api-key header does not hold a valid API key',
  unionIdNotAllowed: 'This API key may not act for this unionId',

  sandboxAppMissing: (appKey: string) => `The sandbox world has no app ${appKey}`,
  listening: (url: string, dingTalkBaseUrl: string, apps: string) =>
    `Listening on ${url}; DingTalk calls go to ${dingTalkBaseUrl} as ${apps}`,
  /** `sandboxApiKey`: the documented key when API_KEYS is unset; never a key of API_KEYS. */
  sandboxBanner: (banner: {
    serviceUrl: string;
    sandboxUrl: string;
    sandboxApiKey: string | undefined;
    docs: boolean;
    curl: string;
  }) =>
    [
      '='.repeat(72),
      'SANDBOX MODE: DINGTALK_APP_KEY is not set, so DingTalk calls go to an',
      'in-process DingTalk sandbox (default world), not to DingTalk.',
      `  Service:  ${banner.serviceUrl}` +
        (banner.docs
          ? `   (API docs: ${banner.serviceUrl}/docs)`
          : '   (API docs off: DOCS_ENABLED)'),
      `  Sandbox:  ${banner.sandboxUrl}   (what it received: ${banner.sandboxUrl}/__sandbox/deliveries)`,
      banner.sandboxApiKey === undefined
        ? '  API key:  one of API_KEYS (header x-api-key); first run: export API_KEY=<that key>'
        : `  API key:  ${banner.sandboxApiKey}   (header x-api-key; set API_KEYS to choose your own)`,
      'Try it (the app sends Alice the Q1 report):',
      `  ${banner.curl}`,
      'For real DingTalk set DINGTALK_APP_KEY, DINGTALK_APP_SECRET and API_KEYS.',
      '='.repeat(72),
      '',
    ].join('\n'),
  startFailed: 'The application could not start',
  unexpectedStartError: 'Unexpected error while starting; see the stack trace',
  dingTalkUnexpected: 'unexpected error while getting a DingTalk access token',
} as const;
