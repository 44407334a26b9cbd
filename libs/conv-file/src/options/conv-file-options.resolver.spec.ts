import { inspect } from 'node:util';
import { MemoryTokenStore } from '../token/memory-token.store';
import { resolveConvFileOptions } from './conv-file-options.resolver';

const APP = { appKey: 'k', appSecret: 's' };

/** The message the options are refused with, or 'no problem'. */
function problemsOfOptions(options: object): string {
  try {
    resolveConvFileOptions(options);
  } catch (error) {
    return (error as Error).message;
  }
  return 'no problem';
}

describe('resolveConvFileOptions', () => {
  it('applies the documented defaults', () => {
    expect(resolveConvFileOptions(APP)).toEqual({
      apps: {
        default: { name: 'default', id: 'k', tokenSource: { kind: 'credentials', appKey: 'k' } },
      },
      defaultApp: 'default',
      baseUrl: 'https://api.dingtalk.com',
      timeoutMs: 10_000,
      tokenRefreshMarginMs: 300_000,
      errorStatusOverrides: {},
      rateLimit: {
        perSecond: 20,
        perApi: { SendLink: 20, SendByApp: 20, Send: 20, GetSpace: 20 },
        maxQueueLength: 1000,
        maxWaitMs: 60_000,
      },
      retry: { maxRetries: 3, budgetMs: 10_000, throttleDelayMs: 1000, networkDelayMs: 100 },
      redis: undefined,
      tokenStore: 'memory',
    });
  });

  it('merges nested options over their defaults, and turns limits and retries off with false', () => {
    const resolved = resolveConvFileOptions({
      ...APP,
      rateLimit: { perSecond: 10, perApi: { GetSpace: 40 } },
      retry: false,
    });

    expect(resolved.rateLimit).toMatchObject({
      perApi: { SendLink: 10, SendByApp: 10, Send: 10, GetSpace: 40 },
      maxQueueLength: 1000,
    });
    expect(resolved.retry.maxRetries).toBe(0);
    expect(resolveConvFileOptions({ ...APP, rateLimit: false }).rateLimit).toBe(false);
  });

  it('shares tokens in Redis by default when redis is set', () => {
    const resolved = resolveConvFileOptions({ ...APP, redis: { url: 'redis://127.0.0.1:6379' } });

    expect(resolved.tokenStore).toBe('redis');
    expect(resolved.redis).toEqual({ url: 'redis://127.0.0.1:6379', keyPrefix: 'dingtalk:' });
  });

  it('keeps the secret usable but out of serialized and inspected forms', () => {
    const resolved = resolveConvFileOptions({ appKey: 'k', appSecret: 'the-app-secret' });

    expect(resolved.apps.default.tokenSource).toHaveProperty('appSecret', 'the-app-secret');
    expect(JSON.stringify(resolved)).not.toContain('the-app-secret');
    expect(inspect(resolved, { depth: 5 })).not.toContain('the-app-secret');
  });

  it('takes a provider as a function, an object, or { useClass } for a class', () => {
    class ClassProvider {
      getAccessToken = () => 'token';
    }
    const kind = (accessTokenProvider: never) =>
      resolveConvFileOptions({ accessTokenProvider }).apps.default.tokenSource.kind;

    expect(kind((() => 't') as never)).toBe('provider');
    expect(kind({ getAccessToken: () => 't' } as never)).toBe('provider');
    expect(kind({ useClass: ClassProvider } as never)).toBe('providerClass');
    expect(resolveConvFileOptions({ accessTokenProvider: () => 't' }).apps.default.id).toBe(
      'token-provider',
    );
  });

  it('drops a trailing slash from baseUrl', () => {
    expect(resolveConvFileOptions({ ...APP, baseUrl: 'http://127.0.0.1:7070/' }).baseUrl).toBe(
      'http://127.0.0.1:7070',
    );
  });

  it.each([
    [{}, 'appKey appKey and appSecret, accessTokenProvider, or apps, are required'],
    [{ appKey: 'k' }, 'appSecret is required'],
    [{ appKey: '', appSecret: 's' }, 'appKey must be a non-empty string without white space'],
    [{ appKey: 'k', appSecret: 42 }, 'appSecret must be a non-empty string without white space'],
    [
      { ...APP, accessTokenProvider: () => 't' },
      'accessTokenProvider cannot be combined with appKey/appSecret',
    ],
    [{ accessTokenProvider: { nope: true } }, 'accessTokenProvider must be a function, an object'],
    [{ ...APP, baseUrl: 'api.dingtalk.com' }, 'baseUrl must be an absolute http(s) URL'],
    [{ ...APP, baseUrl: 'ftp://x' }, 'baseUrl must be an absolute http(s) URL'],
    [{ ...APP, baseUrl: 'https://user:pw@x' }, 'baseUrl must be an absolute http(s) URL'],
    [{ ...APP, timeoutMs: 0 }, 'timeoutMs must be a number from 1 to 2147483647'],
    [{ ...APP, timeoutMs: Number.NaN }, 'timeoutMs must be a number from 1'],
    [{ ...APP, timeoutMs: 2 ** 31 }, 'timeoutMs must be a number from 1 to 2147483647'],
    [{ ...APP, tokenRefreshMarginMs: -1 }, 'tokenRefreshMarginMs must be a number from 0'],
    [{ ...APP, rateLimit: { perSecond: 0 } }, 'rateLimit.perSecond must be a whole number from 1'],
    [{ ...APP, rateLimit: { perSecond: 2.5 } }, 'rateLimit.perSecond must be a whole number'],
    [{ ...APP, rateLimit: { perApi: { Send: 0 } } }, 'rateLimit.perApi.Send must be a whole'],
    [{ ...APP, rateLimit: { maxQueueLength: 0 } }, 'rateLimit.maxQueueLength must be a whole'],
    [{ ...APP, retry: { maxRetries: -1 } }, 'retry.maxRetries must be a whole number from 0'],
    [{ ...APP, redis: {} }, 'redis.url must be a redis:// or rediss:// URL'],
    [{ ...APP, redis: { url: 'http://x' } }, 'redis.url must be a redis:// or rediss:// URL'],
    [{ ...APP, redis: { url: 'redis://127.0.0.1:6379/abc' } }, 'redis.url must be a redis://'],
    [{ ...APP, tokenStore: 'redis' }, "tokenStore 'redis' needs the redis option"],
    [{ ...APP, tokenStore: { get: () => undefined } }, 'tokenStore must be'],
  ])('refuses case %# %p: %s', (options, message) => {
    expect(() => resolveConvFileOptions(options as never)).toThrow(`option ${message}`);
  });

  it('accepts a token store of your own', () => {
    const store = new MemoryTokenStore();

    expect(resolveConvFileOptions({ ...APP, tokenStore: store }).tokenStore).toBe(store);
  });

  it('reports every problem at once, each naming its option', () => {
    const attempt = () =>
      resolveConvFileOptions({
        appKey: 'k',
        timeoutMs: -1,
        retry: { budgetMs: Number.POSITIVE_INFINITY },
        redis: { url: 'nope' },
      });

    expect(attempt).toThrow(
      'Invalid ConvFileModule options: option appSecret is required; option timeoutMs must be a number from 1 to 2147483647; option retry.budgetMs must be a number from 0 to 2147483647; option redis.url must be a redis:// or rediss:// URL (database by number, password URL-encoded)',
    );
  });

  it('never repeats the values it refuses', () => {
    const attempt = () =>
      resolveConvFileOptions({
        appKey: 'k',
        appSecret: 'top secret',
        redis: { url: 'redis://:pass word@host/x' },
      });

    expect(attempt).toThrow(/appSecret must be a non-empty string without white space/);
    expect(attempt).not.toThrow(/top secret|pass word/);
  });
});

describe('resolveConvFileOptions: several apps', () => {
  const AES_KEY = 'a'.repeat(42) + '+';
  it('resolves internal and third-party apps by name, each named by its key in shared keys', () => {
    const ticket = () => 'ticket';
    const resolved = resolveConvFileOptions({
      apps: {
        hr: { appKey: 'hr-key', appSecret: 'hr-secret' },
        'store.v2_eu-1': {
          suiteKey: 'suite-key',
          suiteSecret: 'suite-secret',
          suiteTicketProvider: ticket,
          callback: { token: 'cb-token', aesKey: AES_KEY },
        },
      },
      defaultApp: 'hr',
    });

    expect(resolved.defaultApp).toBe('hr');
    expect(resolved.apps).toEqual({
      hr: { name: 'hr', id: 'hr-key', tokenSource: { kind: 'credentials', appKey: 'hr-key' } },
      'store.v2_eu-1': {
        name: 'store.v2_eu-1',
        id: 'suite-key',
        tokenSource: {
          kind: 'suite',
          suiteKey: 'suite-key',
          suiteTicketProvider: ticket,
          callback: { token: 'cb-token' },
        },
      },
    });
    const suite = resolved.apps['store.v2_eu-1'].tokenSource;
    expect(suite).toHaveProperty('suiteSecret', 'suite-secret');
    expect(suite).toHaveProperty('callback.aesKey', AES_KEY);
    expect(resolved.apps.hr.tokenSource).toHaveProperty('appSecret', 'hr-secret');
    for (const form of [JSON.stringify(resolved), inspect(resolved, { depth: 10 })]) {
      expect(form).not.toMatch(/hr-secret|suite-secret|aaaaaaaa/);
    }
  });

  it('has no default app unless defaultApp names one, and "toString" is no app', () => {
    const apps = { hr: { appKey: 'k', appSecret: 's' } };

    expect(resolveConvFileOptions({ apps }).defaultApp).toBeUndefined();
    expect(resolveConvFileOptions({ apps }).apps.toString).toBeUndefined();
    expect(problemsOfOptions({ apps, defaultApp: 'toString' })).toContain(
      'option defaultApp must name an app of apps',
    );
  });

  it.each<[object, string]>([
    [{ apps: {} }, 'apps must name at least one app'],
    [{ apps: null }, 'apps must name at least one app'],
    [{ apps: 'hr' }, 'apps must name at least one app'],
    [
      { ...APP, apps: { hr: APP } },
      'apps cannot be combined with appKey/appSecret/accessTokenProvider',
    ],
    [
      { accessTokenProvider: () => 't', apps: { hr: APP } },
      'apps cannot be combined with appKey/appSecret/accessTokenProvider',
    ],
    [{ ...APP, defaultApp: 'default' }, 'defaultApp needs the apps option'],
    [{ apps: { hr: APP }, defaultApp: 'sales' }, 'defaultApp must name an app of apps'],
    [
      { apps: { shop: { suiteKey: 'k', suiteSecret: 's' } }, defaultApp: 'shop' },
      'defaultApp must name an internal app',
    ],
    [{ apps: { 'h r': APP } }, 'apps."h r" must be a name of 1 to 64 letters'],
    [{ apps: { ['x'.repeat(65)]: APP } }, `apps."${'x'.repeat(64)}" must be a name`],
    [{ apps: { 'a\nb\u0085': APP } }, 'apps."a?b?" must be a name'],
    [{ apps: { '': APP } }, 'apps."" must be a name'],
    [{ apps: { hr: {} } }, 'apps.hr must have appKey and appSecret (internal app) or suiteKey'],
    [{ apps: { hr: null } }, 'apps.hr must have appKey and appSecret'],
    [{ apps: { hr: { ...APP, suiteKey: 'k' } } }, 'apps.hr must have appKey and appSecret'],
    [{ apps: { hr: { appKey: 'k' } } }, 'apps.hr.appSecret is required'],
    [{ apps: { hr: { appSecret: 's' } } }, 'apps.hr.appKey is required'],
    [{ apps: { hr: { appKey: 'k', appSecret: 'a b' } } }, 'apps.hr.appSecret must be a non-empty'],
    [{ apps: { hr: { appKey: 7, appSecret: 's' } } }, 'apps.hr.appKey must be a non-empty'],
    [{ apps: { shop: { suiteKey: 'k' } } }, 'apps.shop.suiteSecret is required'],
    [{ apps: { shop: { suiteSecret: 's' } } }, 'apps.shop.suiteKey is required'],
    [{ apps: { shop: { suiteKey: '', suiteSecret: 's' } } }, 'apps.shop.suiteKey must be a'],
    [
      { apps: { shop: { suiteKey: 'k', suiteSecret: 's', suiteTicketProvider: 'ticket' } } },
      'apps.shop.suiteTicketProvider must be a function',
    ],
    [
      { apps: { shop: { suiteKey: 'k', suiteSecret: 's', callback: { aesKey: AES_KEY } } } },
      'apps.shop.callback.token must be a non-empty string',
    ],
    [
      { apps: { shop: { suiteKey: 'k', suiteSecret: 's', callback: null } } },
      'apps.shop.callback.token must be a non-empty string',
    ],
    ...['a'.repeat(42), 'a'.repeat(44), 'a'.repeat(42) + '=', 42].map(
      (aesKey): [object, string] => [
        { apps: { shop: { suiteKey: 'k', suiteSecret: 's', callback: { token: 't', aesKey } } } },
        'apps.shop.callback.aesKey must be the 43-character EncodingAESKey',
      ],
    ),
  ])('refuses case %# %p: %s', (options, message) => {
    expect(problemsOfOptions(options)).toContain(`option ${message}`);
  });

  it('reports a problem once per app, and still checks the other apps', () => {
    expect(
      problemsOfOptions({
        apps: { 'bad name': APP, hr: { appKey: 'k' }, shop: { suiteKey: 'k', suiteSecret: 's' } },
      }),
    ).toBe(
      'Invalid ConvFileModule options: option apps."bad name" must be a name of 1 to 64 letters, ' +
        'digits, ".", "_" or "-"; option apps.hr.appSecret is required',
    );
  });
});

describe('resolveConvFileOptions: the other options', () => {
  /** The problems of the test app's options with `options` over them. */
  const problemsOf = (options: object) => problemsOfOptions({ ...APP, ...options });

  it.each<[object, string]>([
    [{ baseUrl: 'https://x/?q=1' }, 'baseUrl must be an absolute http(s) URL'],
    [{ baseUrl: 'https://x/#f' }, 'baseUrl must be an absolute http(s) URL'],
    [{ baseUrl: 'https://:pw@x' }, 'baseUrl must be an absolute http(s) URL'],
    [{ baseUrl: 42 }, 'baseUrl must be an absolute http(s) URL'],
    [{ timeoutMs: '5' }, 'timeoutMs must be a number from 1'],
    [{ rateLimit: { maxWaitMs: -1 } }, 'rateLimit.maxWaitMs must be a number from 0'],
    [{ rateLimit: { maxQueueLength: 1.5 } }, 'rateLimit.maxQueueLength must be a whole number'],
    [{ retry: { maxRetries: 1.5 } }, 'retry.maxRetries must be a whole number from 0'],
    [{ retry: { throttleDelayMs: -1 } }, 'retry.throttleDelayMs must be a number from 0'],
    [{ retry: { networkDelayMs: -1 } }, 'retry.networkDelayMs must be a number from 0'],
    [{ redis: { url: 'redis://:%E0%A4%A@host' } }, 'redis.url must be a redis://'],
    [{ tokenStore: 'disk' }, "tokenStore must be 'memory', 'redis' or an object"],
    [{ tokenStore: { get: () => 1, set: () => 1 } }, 'tokenStore must be'],
    [{ tokenStore: { get: () => 1, delete: () => 1 } }, 'tokenStore must be'],
    [{ redis: null }, 'redis.url must be a redis://'],
    [{ observer: null }, 'observer must be an object whose callEnded'],
    [{ observer: () => undefined }, 'observer must be an object whose callEnded'],
    [{ observer: { callEnded: 'yes' } }, 'observer must be an object whose callEnded'],
    [{ observer: { batchItemEnded: 1 } }, 'observer must be an object whose callEnded'],
    [
      { httpService: { axiosRef: {} }, proxy: { url: 'http://proxy:1' } },
      'proxy cannot be combined with httpService',
    ],
    [
      { proxy: { url: 'https://proxy:1' } },
      'proxy must be an http:// proxy URL (read from proxy.url)',
    ],
  ])('refuses case %# %p: %s', (options, message) => {
    expect(problemsOf(options)).toContain(`option ${message}`);
  });

  it.each([
    [{ redis: { url: 'rediss://:p%40ss@host:6380/3' } }],
    [{ redis: { url: 'redis://host' } }],
    [{ redis: { url: 'redis://host/' } }],
    [{ rateLimit: { maxWaitMs: 0 } }],
    [{ tokenRefreshMarginMs: 0, retry: { maxRetries: 0, budgetMs: 0 } }],
    [{ timeoutMs: 2_147_483_647 }],
    [{ observer: {} }],
    [{ observer: { callEnded: () => undefined, retried: undefined } }],
  ])('accepts case %# %p', (options) => {
    expect(problemsOf(options)).toBe('no problem');
  });

  it.each<[string, object, string]>([
    [
      'a provider with an appKey only',
      { appKey: 'k', accessTokenProvider: () => 't' },
      'option accessTokenProvider cannot be combined with appKey/appSecret',
    ],
    [
      'a provider with an appSecret only',
      { appSecret: 's', accessTokenProvider: () => 't' },
      'option accessTokenProvider cannot be combined with appKey/appSecret',
    ],
    [
      'a provider that is null',
      { accessTokenProvider: null },
      'option accessTokenProvider must be a function, an object',
    ],
    ['an appSecret without appKey', { appSecret: 's' }, 'option appKey is required'],
  ])('refuses %s, naming what is wrong', (_name, options, message) => {
    const problems = problemsOfOptions(options);
    expect(problems).toContain(message);
    expect(problems).not.toContain('are required');
  });

  it('keeps the default of a nested or top-level option given as undefined', () => {
    const resolved = resolveConvFileOptions({
      ...APP,
      timeoutMs: undefined,
      rateLimit: { perSecond: undefined },
      retry: { maxRetries: undefined },
    });
    const defaults = resolveConvFileOptions(APP);

    expect(resolved.timeoutMs).toBe(defaults.timeoutMs);
    expect(resolved.rateLimit && resolved.rateLimit.perSecond).toBe(
      defaults.rateLimit && defaults.rateLimit.perSecond,
    );
    expect(resolved.retry.maxRetries).toBe(defaults.retry.maxRetries);
    expect(resolved).toStrictEqual(defaults);
  });

  it('keeps the redis key prefix given, and the token store in memory without redis', () => {
    const resolved = resolveConvFileOptions({
      ...APP,
      redis: { url: 'redis://host', keyPrefix: 'team-a:' },
      tokenStore: 'memory',
    });

    expect(resolved.redis).toEqual({ url: 'redis://host', keyPrefix: 'team-a:' });
    expect(resolved.tokenStore).toBe('memory');
  });

  it('drops every trailing slash of baseUrl, and copies the status overrides', () => {
    const errorStatusOverrides = { someCode: 409 };
    const resolved = resolveConvFileOptions({
      ...APP,
      baseUrl: 'http://127.0.0.1:7070/api//',
      errorStatusOverrides,
    });

    expect(resolved.baseUrl).toBe('http://127.0.0.1:7070/api');
    expect(resolved.errorStatusOverrides).toEqual({ someCode: 409 });
    expect(resolved.errorStatusOverrides).not.toBe(errorStatusOverrides);
  });

  it('keeps the proxy, the app client and the observer usable but out of serialized forms', () => {
    const observer = { callEnded: () => undefined };
    const withProxy = resolveConvFileOptions(
      { ...APP, observer, proxy: { url: 'http://alice:pw@proxy:3128' } },
      {},
    );
    const httpService = { axiosRef: {} } as never;
    const withClient = resolveConvFileOptions({ ...APP, httpService }, { HTTPS_PROXY: 'nope' });

    expect(withProxy.proxy?.url.href).toBe('http://alice:pw@proxy:3128/');
    expect(withProxy.observer).toBe(observer);
    expect(withClient.httpService).toBe(httpService);
    // The app's client has its own proxy settings: the environment's is not read for it.
    expect(withClient.proxy).toBeUndefined();
    expect(Object.keys(withProxy)).not.toContain('proxy');
    // The observer is code, not data: a serialized form of the options leaves it out.
    expect(Object.keys(withProxy)).not.toContain('observer');
    expect(JSON.stringify(withProxy) + inspect(withProxy)).not.toContain('alice');
    expect(Object.keys(withClient)).not.toContain('httpService');
  });

  it('reads the proxy from the environment it is given', () => {
    const resolved = resolveConvFileOptions(APP, { HTTPS_PROXY: 'http://env-proxy:8080' });

    expect(resolved.proxy?.url.host).toBe('env-proxy:8080');
  });
});
