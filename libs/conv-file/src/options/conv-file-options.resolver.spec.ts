import { inspect } from 'node:util';
import { MemoryTokenStore } from '../token/memory-token.store';
import { resolveConvFileOptions } from './conv-file-options.resolver';

const APP = { appKey: 'k', appSecret: 's' };

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
  ])('refuses %p: %s', (options, message) => {
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
