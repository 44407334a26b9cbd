/** What can be wrong with a module option, read by the developer setting the module up. */
export const OptionProblems = {
  invalidOptions: (problems: string[]) =>
    `Invalid ConvFileModule options: ${problems.map((p) => `option ${p}`).join('; ')}`,
  required: 'is required',
  string: 'must be a non-empty string without white space',
  number: (min: number, max: number) => `must be a number from ${min} to ${max}`,
  wholeNumber: (min: number, max: number) => `must be a whole number from ${min} to ${max}`,
  credentialsOrProvider: 'appKey and appSecret, or accessTokenProvider, are required',
  providerWithCredentials: 'cannot be combined with appKey/appSecret',
  providerShape:
    'must be a function, an object with getAccessToken(), or { useClass } naming a class that implements DingTalkAccessTokenProvider',
  httpUrl: 'must be an absolute http(s) URL without credentials, query or fragment',
  redisUrl: 'must be a redis:// or rediss:// URL (database by number, password URL-encoded)',
  tokenStore: "must be 'memory', 'redis' or an object implementing DingTalkTokenStore",
  tokenStoreNeedsRedis: "'redis' needs the redis option",
  proxyUrl: (source: string) =>
    `must be an http:// proxy URL (read from ${source}); an https:// proxy is not supported`,
  proxyWithHttpService:
    "cannot be combined with httpService: configure the proxy in the app's HttpModule",
  missingPackage: (option: string, name: string, range: string) =>
    `ConvFileModule option ${option} needs the package ${name}, which is not installed: npm install ${name}@${range}`,
} as const;
