/** What can be wrong with a module option, read by the developer setting the module up. */
export const OptionProblems = {
  invalidOptions: (problems: string[]) =>
    `Invalid ConvFileModule options: ${problems.map((p) => `option ${p}`).join('; ')}`,
  required: 'is required',
  string: 'must be a non-empty string without white space',
  number: (min: number, max: number) => `must be a number from ${min} to ${max}`,
  wholeNumber: (min: number, max: number) => `must be a whole number from ${min} to ${max}`,
  credentialsOrProvider: 'appKey and appSecret, accessTokenProvider, or apps, are required',
  appsWithSingleApp: 'cannot be combined with appKey/appSecret/accessTokenProvider',
  appsEmpty: 'must name at least one app',
  appName: 'must be a name of 1 to 64 letters, digits, ".", "_" or "-"',
  appKind:
    'must have appKey and appSecret (internal app) or suiteKey and suiteSecret (third-party app)',
  defaultAppUnknown: 'must name an app of apps',
  defaultAppThirdParty:
    'must name an internal app: a third-party app needs a corpId, given with forApp(name, { corpId })',
  defaultAppWithoutApps: 'needs the apps option',
  suiteTicketProvider: 'must be a function returning the newest suite ticket',
  aesKey: 'must be the 43-character EncodingAESKey (letters, digits, "+" and "/")',
  providerWithCredentials: 'cannot be combined with appKey/appSecret',
  providerShape:
    'must be a function, an object with getAccessToken(), or { useClass } naming a class that implements DingTalkAccessTokenProvider',
  httpUrl: 'must be an absolute http(s) URL without credentials, query or fragment',
  redisUrl: 'must be a redis:// or rediss:// URL (database by number, password URL-encoded)',
  tokenStore: "must be 'memory', 'redis' or an object implementing DingTalkTokenStore",
  observer:
    'must be an object whose callEnded, tokenFetched, retried, rateLimitWaited, rateLimitQueueChanged and batchItemEnded, when given, are functions',
  tokenStoreNeedsRedis: "'redis' needs the redis option",
  proxyUrl: (source: string) =>
    `must be an http:// proxy URL (read from ${source}); an https:// proxy is not supported`,
  proxyWithHttpService:
    "cannot be combined with httpService: configure the proxy in the app's HttpModule",
  batchesNeedRedis: 'batches needs the redis option: batches live in Redis',
  boolean: 'must be true or false',
  missingPackage: (option: string, name: string, range: string) =>
    `ConvFileModule option ${option} needs the package ${name}, which is not installed: npm install ${name}@${range}`,
} as const;
