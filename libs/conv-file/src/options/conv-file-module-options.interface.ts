import type { ConvFileObserver } from './conv-file-observer.interface';
import type { ConvFileApiName } from '../endpoints/dingtalk-api.endpoints';
import type { DingTalkTokenStore } from './dingtalk-token-store.interface';
import type { DingTalkHttpServiceLike } from './http-service.interface';
import type { DingTalkAccessTokenProviderOption } from './dingtalk-access-token-provider.interface';

/**
 * Options of {@link ConvFileModule}. Give one app with `appKey` + `appSecret` (an internal app) or
 * `accessTokenProvider`, or several named apps with `apps`.
 */
export interface ConvFileModuleOptions {
  /**
   * Several DingTalk apps served by one module, by name: internal apps (`appKey`, `appSecret`)
   * and third-party enterprise apps (`suiteKey`, `suiteSecret`), each with its own tokens and
   * rate limits. Choose one per call with `convFiles.forApp(name, { corpId })`. Exclusive with
   * `appKey`/`appSecret`/`accessTokenProvider`.
   * @default undefined (the one app of `appKey`/`appSecret` or `accessTokenProvider`)
   * @see https://open.dingtalk.com/document/isvapp/obtain-the-access_token-of-the-authorized-enterprise
   */
  apps?: Record<string, ConvFileAppOptions>;
  /**
   * The app of `apps` that `ConvFileService`'s own methods and `DingTalkTokenService` use; an
   * internal app (a third-party app needs a `corpId`, given with `forApp`).
   * @default undefined (every call names its app with `forApp`)
   */
  defaultApp?: string;
  /**
   * AppKey (Client ID) of the DingTalk internal app.
   * Required unless `accessTokenProvider` is set.
   * @see https://open.dingtalk.com/document/orgapp/obtain-the-access_token-of-an-internal-app
   */
  appKey?: string;
  /**
   * AppSecret (Client Secret) of the internal app. Never logged nor put in an error.
   * Required with `appKey`.
   */
  appSecret?: string;
  /**
   * Where tokens come from when they are managed elsewhere: an object with `getAccessToken()`,
   * a function returning a token, or `{ useClass: MyProvider }` for a class implementing
   * {@link DingTalkAccessTokenProvider}, instantiated through Nest's DI so it can inject services
   * (from global modules and the `imports` of `forRootAsync`). Exclusive with `appKey`/`appSecret`.
   * @default undefined (tokens are fetched with appKey/appSecret)
   */
  accessTokenProvider?: DingTalkAccessTokenProviderOption;
  /**
   * DingTalk API host, without a trailing path. Point it at the sandbox in tests.
   * @default 'https://api.dingtalk.com'
   */
  baseUrl?: string;
  /**
   * Time limit of one HTTP call to DingTalk, in milliseconds (the whole exchange, not socket idle time).
   * @default 10000
   */
  timeoutMs?: number;
  /**
   * How long before DingTalk's own expiry a cached token is dropped and refetched, in milliseconds.
   * Capped at half the token's lifetime so a short-lived token is still cached.
   * @default 300000 (5 minutes)
   */
  tokenRefreshMarginMs?: number;
  /**
   * Overrides of the HTTP status {@link DingTalkExceptionFilter} answers for a DingTalk error code,
   * e.g. `{ permissionDenied: 404 }`. Applied before the default table.
   * @default {}
   */
  errorStatusOverrides?: Record<string, number>;
  /**
   * Outbound rate limit per (app, API), counted in 1-second windows aligned to the clock as
   * DingTalk counts them. A call over the rate waits in a queue; past `maxQueueLength` or
   * `maxWaitMs` it fails at once with {@link DingTalkRateLimitError} (HTTP 429). Shared by all
   * instances when `redis` is set. `false` turns it off.
   * @default { perSecond: 20, perApi: {}, maxQueueLength: 1000, maxWaitMs: 60000 }
   */
  rateLimit?: ConvFileRateLimitOptions | false;
  /**
   * Retries of calls that certainly did not run (throttling answers, a refused connection) and,
   * for GetSpace only, of calls whose outcome is unknown. A send whose outcome is unknown is never
   * retried. `false` turns retries off (the one retry after a token refresh stays).
   * @default { maxRetries: 3, budgetMs: 10000, throttleDelayMs: 1000, networkDelayMs: 100 }
   */
  retry?: ConvFileRetryOptions | false;
  /**
   * Redis shared by several instances of the app: the rate limit holds for all of them together,
   * tokens are shared (with the default `tokenStore`), and only one instance fetches a token at a
   * time. While Redis is unreachable, each instance falls back to its own memory (one warning is
   * logged) and resumes sharing when Redis is back. No connection is opened unless the rate limit
   * or the token store uses it. Batches (the `batches` extra) are kept and queued there too, on
   * connections of their own, and do not fall back to memory.
   * @default undefined (each instance on its own)
   */
  redis?: ConvFileRedisOptions;
  /**
   * Where the access token is shared between instances: `'memory'` (not shared), `'redis'` (the
   * `redis` option's server), or your own {@link DingTalkTokenStore}, such as
   * `new CacheManagerTokenStore(cache)` for the app's `@nestjs/cache-manager` cache. Each
   * instance also keeps the token in memory, so a warm call costs no I/O.
   * @default 'redis' when `redis` is set, else 'memory'
   */
  tokenStore?: 'memory' | 'redis' | DingTalkTokenStore;
  /**
   * The app's `@nestjs/axios` `HttpService` (from its own `HttpModule.register(...)`, injected in
   * `forRootAsync`): every DingTalk call, token requests included, then goes through it, so the
   * app's interceptors, agents, proxy and certificates apply. `@nestjs/axios` and `axios` are
   * needed only for this.
   * @default undefined (undici, the faster default)
   */
  httpService?: DingTalkHttpServiceLike;
  /**
   * The HTTP proxy of the default (undici) transport: `{ url: 'http://user:pass@proxy:3128' }`,
   * or `false` to ignore the environment. Calls to https DingTalk go through a `CONNECT` tunnel.
   * The credentials are never logged.
   * @default the environment's `HTTPS_PROXY` / `HTTP_PROXY` (lower-case first), bypassed for hosts in `NO_PROXY`
   */
  proxy?: { url: string } | false;
  /**
   * Told of every call's end (API, app, outcome, duration), each token fetch, each retry and each
   * rate-limit wait, for metrics: see the sample app's Prometheus metrics. Calls also run in an
   * OpenTelemetry span when `@opentelemetry/api` is installed and the app registered an SDK.
   * @default undefined (nothing reported)
   */
  observer?: ConvFileObserver;
}

/** See {@link ConvFileModuleOptions.rateLimit}. */
export interface ConvFileRateLimitOptions {
  /**
   * Calls per second per API for this app (DingTalk allows 20 on standard organisations).
   * @default 20
   */
  perSecond?: number;
  /**
   * Per-API limits that replace `perSecond`, e.g. `{ GetSpace: 40 }`.
   * @default {}
   */
  perApi?: Partial<Record<ConvFileApiName, number>>;
  /**
   * Calls that may wait per (app, API) on this instance; one more fails at once.
   * @default 1000
   */
  maxQueueLength?: number;
  /**
   * Longest a call may wait for its turn, in ms; a call that would wait longer fails at once.
   * @default 60000
   */
  maxWaitMs?: number;
}

/** See {@link ConvFileModuleOptions.retry}. */
export interface ConvFileRetryOptions {
  /**
   * Retries after the first attempt (the retry after a token refresh is not counted).
   * @default 3
   */
  maxRetries?: number;
  /**
   * Total time a call may spend waiting between attempts, in ms; a retry that would exceed it is not made.
   * @default 10000
   */
  budgetMs?: number;
  /**
   * First wait after a throttling answer, doubled on each further one, with ±20% jitter.
   * DingTalk's windows are 1 s and it advises waiting about 1 s.
   * @default 1000
   */
  throttleDelayMs?: number;
  /**
   * First wait after a refused connection (and, for GetSpace, an unknown outcome), doubled on each
   * further one, with ±20% jitter.
   * @default 100
   */
  networkDelayMs?: number;
}

/** See {@link ConvFileModuleOptions.redis}. */
export interface ConvFileRedisOptions {
  /** `redis://[:password@]host:port[/db]`. Never logged. */
  url: string;
  /**
   * Prefix of every key the module writes (limits, locks, and the token cache when it owns it).
   * @default 'dingtalk:'
   */
  keyPrefix?: string;
}

/** One app of {@link ConvFileModuleOptions.apps}. */
export type ConvFileAppOptions = ConvFileInternalAppOptions | ConvFileThirdPartyAppOptions;

/** An internal app: one organization's own app. */
export interface ConvFileInternalAppOptions {
  /**
   * AppKey (Client ID) of the internal app.
   * @see https://open.dingtalk.com/document/orgapp/obtain-the-access_token-of-an-internal-app
   */
  appKey: string;
  /** AppSecret (Client Secret) of the internal app. Never logged nor put in an error. */
  appSecret: string;
}

/**
 * A third-party enterprise app (an ISV's suite, installed by customer organizations): its tokens
 * are per customer organization, fetched with the suite ticket DingTalk pushes about every 20
 * minutes.
 * @see https://open.dingtalk.com/document/isvapp/obtain-the-access_token-of-the-authorized-enterprise
 */
export interface ConvFileThirdPartyAppOptions {
  /** SuiteKey of the third-party app. */
  suiteKey: string;
  /** SuiteSecret of the third-party app. Never logged nor put in an error. */
  suiteSecret: string;
  /**
   * Where the newest suite ticket comes from when the app receives DingTalk's events elsewhere
   * (Stream mode): asked before each token fetch, and again after DingTalk refused a ticket.
   * Without it, tickets come from DingTalk's HTTP event push to the module's event route
   * (`callback`), kept in the shared token store so every instance uses the newest.
   * @default undefined (tickets from the event push)
   */
  suiteTicketProvider?: DingTalkSuiteTicketProvider;
  /**
   * The HTTP event push's settings, as registered with DingTalk for this app: needed to serve
   * its event route (`events: dingTalkEventRoutes()` of `@nest-dingtalk/conv-file/http`).
   * @see https://open.dingtalk.com/document/isvapp/configure-event-subcription
   */
  callback?: ConvFileCallbackOptions;
}

/** The newest suite ticket of `suiteKey`, or undefined when none is known yet. */
export type DingTalkSuiteTicketProvider = (
  suiteKey: string,
) => Promise<string | undefined> | string | undefined;

/** See {@link ConvFileThirdPartyAppOptions.callback}. */
export interface ConvFileCallbackOptions {
  /** The push's signing token. */
  token: string;
  /** The push's 43-character `aesKey` (EncodingAESKey). Never logged nor put in an error. */
  aesKey: string;
}
