import type { Type } from '@nestjs/common';
import {
  DEFAULT_DINGTALK_BASE_URL,
  DEFAULT_MAX_QUEUE_LENGTH,
  DEFAULT_MAX_QUEUE_WAIT_MS,
  DEFAULT_MAX_RETRIES,
  DEFAULT_NETWORK_DELAY_MS,
  DEFAULT_RATE_PER_SECOND,
  DEFAULT_REDIS_KEY_PREFIX,
  DEFAULT_RETRY_BUDGET_MS,
  DEFAULT_THROTTLE_DELAY_MS,
  DEFAULT_TIMEOUT_MS,
  DEFAULT_TOKEN_REFRESH_MARGIN_MS,
} from './conv-file.constants';
import {
  DingTalkErrorMessages,
  DingTalkOptionProblems as P,
} from './errors/dingtalk-error.messages';
import { DINGTALK_ENDPOINTS, type ConvFileApiName } from './http/dingtalk-api.endpoints';
import type {
  ConvFileModuleOptions,
  ConvFileRateLimitOptions,
  ConvFileRedisOptions,
  ConvFileRetryOptions,
} from './interfaces/conv-file-module-options.interface';
import type {
  DingTalkAccessTokenFunction,
  DingTalkAccessTokenProvider,
} from './interfaces/dingtalk-access-token-provider.interface';

/** Where tokens come from, once the options are checked. */
export type TokenSource =
  | { kind: 'credentials'; appKey: string; appSecret: string }
  | { kind: 'provider'; provider: DingTalkAccessTokenProvider }
  | { kind: 'providerClass'; providerClass: Type<DingTalkAccessTokenProvider> };

type Credentials = Extract<TokenSource, { kind: 'credentials' }>;

/** Module options after validation, with defaults applied. */
export interface ResolvedConvFileOptions {
  tokenSource: TokenSource;
  /** No trailing slash. */
  baseUrl: string;
  timeoutMs: number;
  tokenRefreshMarginMs: number;
  errorStatusOverrides: Readonly<Record<string, number>>;
  /** Undefined when rate limiting is off. */
  rateLimit?: ResolvedRateLimit;
  /** Undefined when retries are off. */
  retry?: ResolvedRetry;
  redis?: { url: string; keyPrefix: string };
}

export interface ResolvedRateLimit {
  perApi: Readonly<Record<ConvFileApiName, number>>;
  maxQueueLength: number;
  maxWaitMs: number;
}

export interface ResolvedRetry {
  maxRetries: number;
  budgetMs: number;
  throttleDelayMs: number;
  networkDelayMs: number;
}

/**
 * Checks the options at start-up and applies defaults. Throws with a message naming the bad
 * option and what is wrong with it; it never repeats a value, so a secret cannot leak into a log.
 */
export function resolveConvFileOptions(
  options: ConvFileModuleOptions | undefined,
): ResolvedConvFileOptions {
  if (!options || typeof options !== 'object') fail('options', P.object);
  refuseUnknownKeys('', options, MODULE_OPTION_KEYS);
  return {
    tokenSource: resolveTokenSource(options),
    baseUrl: resolveBaseUrl(options.baseUrl),
    timeoutMs: resolveNumber('timeoutMs', options.timeoutMs, DEFAULT_TIMEOUT_MS, 1),
    tokenRefreshMarginMs: resolveNumber(
      'tokenRefreshMarginMs',
      options.tokenRefreshMarginMs,
      DEFAULT_TOKEN_REFRESH_MARGIN_MS,
      0,
    ),
    errorStatusOverrides: resolveStatusOverrides(options.errorStatusOverrides),
    rateLimit: resolveRateLimit(options.rateLimit),
    retry: resolveRetry(options.retry),
    redis: resolveRedis(options.redis),
  };
}

const MODULE_OPTION_KEYS: readonly (keyof ConvFileModuleOptions)[] = [
  'appKey',
  'appSecret',
  'accessTokenProvider',
  'baseUrl',
  'timeoutMs',
  'tokenRefreshMarginMs',
  'errorStatusOverrides',
  'rateLimit',
  'retry',
  'redis',
];
const RATE_LIMIT_KEYS: readonly (keyof ConvFileRateLimitOptions)[] = [
  'perSecond',
  'perApi',
  'maxQueueLength',
  'maxWaitMs',
];
const RETRY_KEYS: readonly (keyof ConvFileRetryOptions)[] = [
  'maxRetries',
  'budgetMs',
  'throttleDelayMs',
  'networkDelayMs',
];
const REDIS_KEYS: readonly (keyof ConvFileRedisOptions)[] = ['url', 'keyPrefix'];

const CONV_FILE_APIS = Object.keys(DINGTALK_ENDPOINTS).filter(
  (api): api is ConvFileApiName => api !== 'GetAccessToken',
);

function resolveRateLimit(
  value: ConvFileModuleOptions['rateLimit'],
): ResolvedRateLimit | undefined {
  if (value === false) return undefined;
  const options = objectOption('rateLimit', value, RATE_LIMIT_KEYS);
  const perSecond = resolveInteger(
    'rateLimit.perSecond',
    options.perSecond,
    DEFAULT_RATE_PER_SECOND,
    1,
  );
  const overrides = objectOption('rateLimit.perApi', options.perApi);
  const perApi = {} as Record<ConvFileApiName, number>;
  for (const api of Object.keys(overrides)) {
    if (!CONV_FILE_APIS.includes(api as ConvFileApiName)) {
      fail(`rateLimit.perApi.${api}`, P.notAnApi(CONV_FILE_APIS));
    }
  }
  for (const api of CONV_FILE_APIS) {
    perApi[api] = resolveInteger(`rateLimit.perApi.${api}`, overrides[api], perSecond, 1);
  }
  return {
    perApi,
    maxQueueLength: resolveInteger(
      'rateLimit.maxQueueLength',
      options.maxQueueLength,
      DEFAULT_MAX_QUEUE_LENGTH,
      1,
    ),
    maxWaitMs: resolveNumber(
      'rateLimit.maxWaitMs',
      options.maxWaitMs,
      DEFAULT_MAX_QUEUE_WAIT_MS,
      0,
    ),
  };
}

function resolveRetry(value: ConvFileModuleOptions['retry']): ResolvedRetry | undefined {
  if (value === false) return undefined;
  const options = objectOption('retry', value, RETRY_KEYS);
  return {
    maxRetries: resolveInteger('retry.maxRetries', options.maxRetries, DEFAULT_MAX_RETRIES, 0),
    budgetMs: resolveNumber('retry.budgetMs', options.budgetMs, DEFAULT_RETRY_BUDGET_MS, 0),
    throttleDelayMs: resolveNumber(
      'retry.throttleDelayMs',
      options.throttleDelayMs,
      DEFAULT_THROTTLE_DELAY_MS,
      0,
    ),
    networkDelayMs: resolveNumber(
      'retry.networkDelayMs',
      options.networkDelayMs,
      DEFAULT_NETWORK_DELAY_MS,
      0,
    ),
  };
}

function resolveRedis(value: ConvFileModuleOptions['redis']): ResolvedConvFileOptions['redis'] {
  if (value === undefined) return undefined;
  const options = objectOption('redis', value, REDIS_KEYS);
  if (typeof options.url !== 'string') fail('redis.url', P.required);
  let url: URL;
  try {
    url = new URL(options.url);
  } catch {
    return fail('redis.url', P.redisUrl);
  }
  if (url.protocol !== 'redis:' && url.protocol !== 'rediss:') fail('redis.url', P.redisUrl);
  if (!/^\/?\d*$/.test(url.pathname)) fail('redis.url', P.redisDatabase);
  try {
    decodeURIComponent(url.password);
  } catch {
    fail('redis.url', P.redisPassword);
  }
  const keyPrefix = options.keyPrefix ?? DEFAULT_REDIS_KEY_PREFIX;
  if (typeof keyPrefix !== 'string') fail('redis.keyPrefix', P.string);
  return { url: options.url, keyPrefix };
}

/** An optional option that, when given, must be a plain object with only the known keys. */
function objectOption<T extends object>(
  option: string,
  value: T | undefined,
  knownKeys?: readonly string[],
): Partial<T> {
  if (value === undefined) return {};
  if (value === null || typeof value !== 'object' || Array.isArray(value)) fail(option, P.object);
  if (knownKeys) refuseUnknownKeys(`${option}.`, value, knownKeys);
  return value;
}

/** A misspelt option (`timeOutMs`) would otherwise be ignored in silence. */
function refuseUnknownKeys(prefix: string, value: object, knownKeys: readonly string[]): void {
  const unknown = Object.keys(value).find((key) => !knownKeys.includes(key));
  if (unknown !== undefined) fail(prefix + unknown, P.unknownOption);
}

function resolveInteger(option: string, value: unknown, fallback: number, min: number): number {
  const number = resolveNumber(option, value, fallback, min);
  if (!Number.isInteger(number)) fail(option, P.wholeNumber);
  return number;
}

function resolveTokenSource(options: ConvFileModuleOptions): TokenSource {
  const { appKey, appSecret, accessTokenProvider } = options;
  const hasCredentials = appKey !== undefined || appSecret !== undefined;
  if (accessTokenProvider !== undefined) {
    if (hasCredentials) fail('accessTokenProvider', P.providerWithCredentials);
    return resolveProvider(accessTokenProvider);
  }
  if (appKey === undefined) fail('appKey', P.appKeyRequired);
  checkCredential('appKey', appKey);
  if (appSecret === undefined) fail('appSecret', P.appSecretRequired);
  checkCredential('appSecret', appSecret);
  // Not enumerable: the resolved options are injectable, and must not print or serialize the secret.
  const credentials = { kind: 'credentials', appKey } as Credentials;
  Object.defineProperty(credentials, 'appSecret', { value: appSecret, enumerable: false });
  return credentials;
}

function checkCredential(option: string, value: unknown): asserts value is string {
  if (typeof value !== 'string') fail(option, P.string);
  if (value.trim().length === 0) fail(option, P.empty);
  if (/\s/.test(value)) fail(option, P.whiteSpace);
}

function resolveProvider(
  provider: NonNullable<ConvFileModuleOptions['accessTokenProvider']>,
): TokenSource {
  if (typeof provider === 'function') {
    const prototype = (provider as { prototype?: { getAccessToken?: unknown } }).prototype;
    const isClass = /^class[\s{]/.test(Function.prototype.toString.call(provider));
    if (isClass || typeof prototype?.getAccessToken === 'function') {
      return {
        kind: 'providerClass',
        providerClass: provider as Type<DingTalkAccessTokenProvider>,
      };
    }
    const fn = provider as DingTalkAccessTokenFunction;
    return { kind: 'provider', provider: { getAccessToken: () => fn() } };
  }
  if (provider && typeof provider === 'object' && typeof provider.getAccessToken === 'function') {
    return { kind: 'provider', provider };
  }
  return fail('accessTokenProvider', P.providerShape);
}

function resolveBaseUrl(value: unknown): string {
  if (value === undefined) return DEFAULT_DINGTALK_BASE_URL;
  if (typeof value !== 'string') fail('baseUrl', P.string);
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return fail('baseUrl', P.absoluteUrl);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') fail('baseUrl', P.httpProtocol);
  if (url.username || url.password) fail('baseUrl', P.urlCredentials);
  if (url.search || url.hash) fail('baseUrl', P.urlQuery);
  return url.toString().replace(/\/+$/, '');
}

/** Node timers cannot wait longer than this; a larger delay fires at once. */
const MAX_TIMER_MS = 2_147_483_647;

function resolveNumber(option: string, value: unknown, fallback: number, min: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isFinite(value)) fail(option, P.finiteNumber);
  if (value < min) fail(option, P.atLeast(min));
  if (value > MAX_TIMER_MS) fail(option, P.atMost(MAX_TIMER_MS));
  return value;
}

function resolveStatusOverrides(value: unknown): Record<string, number> {
  if (value === undefined) return {};
  if (!value || typeof value !== 'object' || Array.isArray(value)) {
    fail('errorStatusOverrides', P.statusMap);
  }
  for (const [code, status] of Object.entries(value)) {
    if (!Number.isInteger(status) || (status as number) < 400 || (status as number) > 599) {
      fail(`errorStatusOverrides.${code}`, P.errorStatus);
    }
  }
  return { ...(value as Record<string, number>) };
}

function fail(option: string, problem: string): never {
  throw new Error(DingTalkErrorMessages.invalidOption(option, problem));
}
