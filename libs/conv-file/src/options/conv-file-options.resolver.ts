import type { Type } from '@nestjs/common';
import { CONV_FILE_APIS, type ConvFileApiName } from '../endpoints/dingtalk-api.endpoints';
import { OptionProblems as P } from '../messages/option-problem.messages';
import type { ConvFileObserver } from './conv-file-observer.interface';
import type { DingTalkTokenStore } from './dingtalk-token-store.interface';
import type { DingTalkHttpServiceLike } from './http-service.interface';
import { resolveHttpProxy, type HttpProxy } from './http-proxy.resolver';
import type {
  ConvFileAppOptions,
  ConvFileModuleOptions,
  ConvFileRateLimitOptions,
  ConvFileRetryOptions,
  DingTalkSuiteTicketProvider,
} from './conv-file-module-options.interface';
import type { DingTalkAccessTokenProvider } from './dingtalk-access-token-provider.interface';

/** Every default, in one place; the input is merged over it. */
export const CONV_FILE_DEFAULTS = {
  baseUrl: 'https://api.dingtalk.com',
  timeoutMs: 10_000,
  tokenRefreshMarginMs: 5 * 60_000,
  errorStatusOverrides: {} as Readonly<Record<string, number>>,
  // DingTalk allows 20 calls per second per app and API on standard organisations.
  rateLimit: { perSecond: 20, perApi: {}, maxQueueLength: 1000, maxWaitMs: 60_000 },
  // DingTalk's throttling windows are 1 s and it advises waiting about that long.
  retry: { maxRetries: 3, budgetMs: 10_000, throttleDelayMs: 1000, networkDelayMs: 100 },
  redisKeyPrefix: 'dingtalk:',
} as const;

/** Where an app's tokens come from, as the token registry reads it. */
export type ResolvedTokenSource =
  | { kind: 'credentials'; appKey: string; appSecret: string }
  | {
      kind: 'suite';
      suiteKey: string;
      suiteSecret: string;
      suiteTicketProvider?: DingTalkSuiteTicketProvider;
      callback?: { token: string; aesKey: string };
    }
  | { kind: 'provider'; provider: DingTalkAccessTokenProvider }
  | { kind: 'providerClass'; providerClass: Type<DingTalkAccessTokenProvider> };

/** One app of the module, resolved. */
export interface ResolvedConvFileApp {
  /** The app's name in `apps` (`default` for the single app of `appKey`/`accessTokenProvider`). */
  name: string;
  /** Names the app in shared keys (tokens, rate limits): the appKey, suiteKey, or `token-provider`. */
  id: string;
  tokenSource: ResolvedTokenSource;
}

/** The name of the one app given by `appKey`/`appSecret` or `accessTokenProvider`. */
export const SINGLE_APP_NAME = 'default';

/** The module's options after the checks, with defaults applied. Inject with {@link InjectConvFileOptions}. */
export interface ResolvedConvFileOptions {
  /** Every app, by name. */
  apps: Readonly<Record<string, ResolvedConvFileApp>>;
  /** The app of `ConvFileService`'s own methods, if any. */
  defaultApp?: string;
  /** No trailing slash. */
  baseUrl: string;
  timeoutMs: number;
  tokenRefreshMarginMs: number;
  errorStatusOverrides: Readonly<Record<string, number>>;
  /** Calls per second for each API; `false` when pacing is off. */
  rateLimit:
    | false
    | (Required<Omit<ConvFileRateLimitOptions, 'perApi'>> & {
        perApi: Readonly<Record<ConvFileApiName, number>>;
      });
  /** `retry: false` is `maxRetries: 0`. */
  retry: Required<ConvFileRetryOptions>;
  redis?: { url: string; keyPrefix: string };
  tokenStore: 'memory' | 'redis' | DingTalkTokenStore;
  /** Set when calls go through the app's `@nestjs/axios` client. */
  httpService?: DingTalkHttpServiceLike;
  /** The default transport's proxy for `baseUrl`, if any. */
  proxy?: HttpProxy;
  /** The app's observer of calls, token fetches, retries and rate-limit waits, for metrics. */
  observer?: ConvFileObserver;
}

/** Node timers cannot wait longer than this; a larger delay would fire at once. */
const MAX_TIMER_MS = 2_147_483_647;

/**
 * Applies the defaults and checks what protects users: credentials or a provider, URLs, and
 * numbers that feed timers. Every problem is reported at once, each naming its option and never
 * its value, so a secret cannot reach a log. The app secret is kept non-enumerable, so the
 * injectable resolved options never print or serialize it.
 */
export function resolveConvFileOptions(
  options: ConvFileModuleOptions,
  env: Record<string, string | undefined> = process.env,
): ResolvedConvFileOptions {
  const problems: string[] = [];
  const problem = (option: string, text: string) => problems.push(`${option} ${text}`);
  const number = (option: string, value: number, min: number, whole = false) => {
    const ok =
      typeof value === 'number' &&
      value >= min &&
      value <= MAX_TIMER_MS &&
      (!whole || Number.isInteger(value));
    if (!ok)
      problem(option, whole ? P.wholeNumber(min, MAX_TIMER_MS) : P.number(min, MAX_TIMER_MS));
  };

  const merged = withDefaults(CONV_FILE_DEFAULTS, options);
  const rateLimit =
    options.rateLimit === false
      ? false
      : withDefaults(CONV_FILE_DEFAULTS.rateLimit, options.rateLimit);
  const retry =
    options.retry === false
      ? { ...CONV_FILE_DEFAULTS.retry, maxRetries: 0 }
      : withDefaults(CONV_FILE_DEFAULTS.retry, options.retry);

  const apps = resolveApps(options, problem);
  if (!isHttpUrl(merged.baseUrl)) problem('baseUrl', P.httpUrl);
  number('timeoutMs', merged.timeoutMs, 1);
  number('tokenRefreshMarginMs', merged.tokenRefreshMarginMs, 0);
  let perApi = {} as Record<ConvFileApiName, number>;
  if (rateLimit) {
    number('rateLimit.perSecond', rateLimit.perSecond, 1, true);
    number('rateLimit.maxQueueLength', rateLimit.maxQueueLength, 1, true);
    number('rateLimit.maxWaitMs', rateLimit.maxWaitMs, 0);
    const overrides: Partial<Record<ConvFileApiName, number>> = rateLimit.perApi ?? {};
    perApi = Object.fromEntries(
      CONV_FILE_APIS.map((api) => [api, overrides[api] ?? rateLimit.perSecond]),
    ) as Record<ConvFileApiName, number>;
    for (const api of CONV_FILE_APIS) number(`rateLimit.perApi.${api}`, perApi[api], 1, true);
  }
  number('retry.maxRetries', retry.maxRetries, 0, true);
  number('retry.budgetMs', retry.budgetMs, 0);
  number('retry.throttleDelayMs', retry.throttleDelayMs, 0);
  number('retry.networkDelayMs', retry.networkDelayMs, 0);
  if (options.redis !== undefined && !isRedisUrl(options.redis?.url))
    problem('redis.url', P.redisUrl);
  const tokenStore = options.tokenStore ?? (options.redis ? 'redis' : 'memory');
  if (tokenStore === 'redis' && !options.redis) problem('tokenStore', P.tokenStoreNeedsRedis);
  if (tokenStore !== 'memory' && tokenStore !== 'redis' && !isTokenStore(tokenStore)) {
    problem('tokenStore', P.tokenStore);
  }

  if (options.httpService && options.proxy) problem('proxy', P.proxyWithHttpService);
  const { proxy, problem: proxyProblem } =
    options.httpService || !isHttpUrl(merged.baseUrl)
      ? {}
      : resolveHttpProxy(options.proxy, new URL(merged.baseUrl), env);
  if (proxyProblem) problem(proxyProblem[0], P.proxyUrl(proxyProblem[1]));

  if (options.observer !== undefined && !isObserver(options.observer)) {
    problem('observer', P.observer);
  }

  if (problems.length > 0) throw new Error(P.invalidOptions(problems));
  const resolved: ResolvedConvFileOptions = {
    apps: apps!,
    defaultApp: options.apps ? options.defaultApp : SINGLE_APP_NAME,
    baseUrl: merged.baseUrl.replace(/\/+$/, ''),
    timeoutMs: merged.timeoutMs,
    tokenRefreshMarginMs: merged.tokenRefreshMarginMs,
    errorStatusOverrides: { ...merged.errorStatusOverrides },
    rateLimit: rateLimit && { ...rateLimit, perApi },
    retry,
    redis: options.redis && {
      url: options.redis.url,
      keyPrefix: options.redis.keyPrefix ?? CONV_FILE_DEFAULTS.redisKeyPrefix,
    },
    tokenStore,
  };
  // Not enumerable: the proxy URL may hold credentials, and the app's client is no data.
  Object.defineProperties(resolved, {
    httpService: { value: options.httpService, enumerable: false },
    proxy: { value: proxy, enumerable: false },
    observer: { value: options.observer, enumerable: false },
  });
  return resolved;
}

/** `input` over `defaults`; a key given as `undefined` keeps its default, as when it is left out. */
function withDefaults<D extends object, I extends object>(
  defaults: D,
  input: I | undefined,
): D & I {
  const defined = Object.entries(input ?? {}).filter(([, value]) => value !== undefined);
  return { ...defaults, ...Object.fromEntries(defined) } as D & I;
}

/** `apps`, or the one app of `appKey`/`appSecret` or `accessTokenProvider` named `default`. */
function resolveApps(
  options: ConvFileModuleOptions,
  problem: (option: string, text: string) => void,
): Record<string, ResolvedConvFileApp> | undefined {
  const { apps, defaultApp } = options;
  if (apps === undefined) {
    if (defaultApp !== undefined) problem('defaultApp', P.defaultAppWithoutApps);
    const tokenSource = resolveTokenSource(options, problem);
    if (!tokenSource) return undefined;
    const id = tokenSource.kind === 'credentials' ? tokenSource.appKey : 'token-provider';
    return { [SINGLE_APP_NAME]: { name: SINGLE_APP_NAME, id, tokenSource } };
  }
  const single = [options.appKey, options.appSecret, options.accessTokenProvider];
  if (single.some((value) => value !== undefined)) problem('apps', P.appsWithSingleApp);
  if (apps === null || typeof apps !== 'object' || Object.keys(apps).length === 0) {
    problem('apps', P.appsEmpty);
    return undefined;
  }
  const resolved: Record<string, ResolvedConvFileApp> = Object.create(null) as Record<
    string,
    ResolvedConvFileApp
  >;
  for (const [name, app] of Object.entries(apps)) {
    if (!/^[\w.-]{1,64}$/.test(name)) {
      problem(`apps.${printable(name)}`, P.appName);
      continue;
    }
    const tokenSource = resolveAppSource(`apps.${name}`, app, problem);
    if (tokenSource) {
      const id =
        tokenSource.kind === 'credentials'
          ? tokenSource.appKey
          : (tokenSource as { suiteKey: string }).suiteKey;
      resolved[name] = { name, id, tokenSource };
    }
  }
  if (defaultApp !== undefined) {
    const target = Object.hasOwn(apps, defaultApp) ? apps[defaultApp] : undefined;
    if (!target) problem('defaultApp', P.defaultAppUnknown);
    else if ('suiteKey' in target) problem('defaultApp', P.defaultAppThirdParty);
  }
  return resolved;
}

/** One app of `apps`: internal (appKey, appSecret) or third-party (suiteKey, suiteSecret). */
function resolveAppSource(
  option: string,
  app: ConvFileAppOptions,
  problem: (option: string, text: string) => void,
): ResolvedTokenSource | undefined {
  const given = (app ?? {}) as unknown as Partial<Record<string, unknown>>;
  const internal = given.appKey !== undefined || given.appSecret !== undefined;
  const thirdParty = given.suiteKey !== undefined || given.suiteSecret !== undefined;
  if (internal === thirdParty) {
    problem(option, P.appKind);
    return undefined;
  }
  const secretOf = (key: string, secret: string) => {
    if (!isCredential(given[key]))
      problem(`${option}.${key}`, given[key] === undefined ? P.required : P.string);
    if (!isCredential(given[secret]))
      problem(`${option}.${secret}`, given[secret] === undefined ? P.required : P.string);
  };
  if (internal) {
    secretOf('appKey', 'appSecret');
    const source = { kind: 'credentials', appKey: given.appKey } as ResolvedTokenSource;
    Object.defineProperty(source, 'appSecret', { value: given.appSecret, enumerable: false });
    return source;
  }
  secretOf('suiteKey', 'suiteSecret');
  const { suiteTicketProvider, callback } = given as {
    suiteTicketProvider?: unknown;
    callback?: { token?: unknown; aesKey?: unknown };
  };
  if (suiteTicketProvider !== undefined && typeof suiteTicketProvider !== 'function') {
    problem(`${option}.suiteTicketProvider`, P.suiteTicketProvider);
  }
  const source = {
    kind: 'suite',
    suiteKey: given.suiteKey,
    suiteTicketProvider,
  } as ResolvedTokenSource & { kind: 'suite' };
  Object.defineProperty(source, 'suiteSecret', { value: given.suiteSecret, enumerable: false });
  if (callback !== undefined) {
    if (!isCredential(callback?.token)) problem(`${option}.callback.token`, P.string);
    if (typeof callback?.aesKey !== 'string' || !/^[A-Za-z0-9+/]{43}$/.test(callback.aesKey)) {
      problem(`${option}.callback.aesKey`, P.aesKey);
    }
    const resolvedCallback = { token: callback?.token } as { token: string; aesKey: string };
    Object.defineProperty(resolvedCallback, 'aesKey', {
      value: callback?.aesKey,
      enumerable: false,
    });
    source.callback = resolvedCallback;
  }
  return source;
}

/** An app name as it may appear in a message: a caller's text, so cut and stripped of controls. */
function printable(name: string): string {
  // eslint-disable-next-line no-control-regex
  return JSON.stringify(name.slice(0, 64).replace(/[\u0000-\u001f\u007f-\u009f]/g, '?'));
}

function resolveTokenSource(
  { appKey, appSecret, accessTokenProvider: provider }: ConvFileModuleOptions,
  problem: (option: string, text: string) => void,
): ResolvedTokenSource | undefined {
  if (provider !== undefined) {
    if (appKey !== undefined || appSecret !== undefined) {
      problem('accessTokenProvider', P.providerWithCredentials);
    }
    if (typeof provider === 'function') {
      const fn = provider;
      return { kind: 'provider', provider: { getAccessToken: () => fn() } };
    }
    if (typeof (provider as { useClass?: unknown })?.useClass === 'function') {
      return {
        kind: 'providerClass',
        providerClass: (provider as { useClass: Type<DingTalkAccessTokenProvider> }).useClass,
      };
    }
    if (typeof (provider as DingTalkAccessTokenProvider)?.getAccessToken === 'function') {
      return { kind: 'provider', provider: provider as DingTalkAccessTokenProvider };
    }
    problem('accessTokenProvider', P.providerShape);
    return undefined;
  }
  if (appKey === undefined && appSecret === undefined) {
    problem('appKey', P.credentialsOrProvider);
    return undefined;
  }
  if (!isCredential(appKey)) problem('appKey', appKey === undefined ? P.required : P.string);
  if (!isCredential(appSecret))
    problem('appSecret', appSecret === undefined ? P.required : P.string);
  const source = { kind: 'credentials', appKey } as ResolvedTokenSource & { kind: 'credentials' };
  Object.defineProperty(source, 'appSecret', { value: appSecret, enumerable: false });
  return source;
}

function isCredential(value: unknown): value is string {
  return typeof value === 'string' && /^\S+$/.test(value);
}

function isHttpUrl(value: unknown): boolean {
  const url = parseUrl(value);
  return (
    (url?.protocol === 'http:' || url?.protocol === 'https:') &&
    !url.username &&
    !url.password &&
    !url.search &&
    !url.hash
  );
}

function isRedisUrl(value: unknown): boolean {
  const url = parseUrl(value);
  if (url?.protocol !== 'redis:' && url?.protocol !== 'rediss:') return false;
  try {
    decodeURIComponent(url.password);
  } catch {
    return false;
  }
  return /^\/?\d*$/.test(url.pathname);
}

function parseUrl(value: unknown): URL | undefined {
  return typeof value === 'string' && URL.canParse(value) ? new URL(value) : undefined;
}

const OBSERVER_METHODS = [
  'callEnded',
  'tokenFetched',
  'retried',
  'rateLimitWaited',
  'rateLimitQueueChanged',
  'batchItemEnded',
] as const;

function isObserver(value: unknown): value is ConvFileObserver {
  if (value === null || typeof value !== 'object') return false;
  const observer = value as Record<string, unknown>;
  return OBSERVER_METHODS.every(
    (method) => observer[method] === undefined || typeof observer[method] === 'function',
  );
}

function isTokenStore(value: unknown): value is DingTalkTokenStore {
  const store = value as Partial<DingTalkTokenStore> | null;
  return (
    typeof store?.get === 'function' &&
    typeof store.set === 'function' &&
    typeof store.delete === 'function'
  );
}
