import { inspect } from 'node:util';
import { resolveConvFileOptions } from './conv-file-options.resolver';

describe('resolveConvFileOptions', () => {
  it('applies the documented defaults', () => {
    expect(resolveConvFileOptions({ appKey: 'k', appSecret: 's' })).toEqual({
      tokenSource: { kind: 'credentials', appKey: 'k' },
      baseUrl: 'https://api.dingtalk.com',
      timeoutMs: 10_000,
      tokenRefreshMarginMs: 300_000,
      errorStatusOverrides: {},
      rateLimit: {
        perApi: { SendLink: 20, SendByApp: 20, Send: 20, GetSpace: 20 },
        maxQueueLength: 1000,
        maxWaitMs: 60_000,
      },
      retry: { maxRetries: 3, budgetMs: 10_000, throttleDelayMs: 1000, networkDelayMs: 100 },
      redis: undefined,
    });
  });

  it('lets each API have its own rate, and turns limits and retries off with false', () => {
    const resolved = resolveConvFileOptions({
      appKey: 'k',
      appSecret: 's',
      rateLimit: { perSecond: 10, perApi: { GetSpace: 40 } },
      retry: false,
    });

    expect(resolved.rateLimit?.perApi).toEqual({
      SendLink: 10,
      SendByApp: 10,
      Send: 10,
      GetSpace: 40,
    });
    expect(resolved.retry).toBeUndefined();
    expect(
      resolveConvFileOptions({ appKey: 'k', appSecret: 's', rateLimit: false }).rateLimit,
    ).toBeUndefined();
  });

  it('keeps the secret usable but out of serialized and inspected forms', () => {
    const resolved = resolveConvFileOptions({ appKey: 'k', appSecret: 'the-app-secret' });

    expect(resolved.tokenSource).toHaveProperty('appSecret', 'the-app-secret');
    expect(JSON.stringify(resolved)).not.toContain('the-app-secret');
    expect(inspect(resolved, { depth: 5 })).not.toContain('the-app-secret');
  });

  it('treats a class with an arrow-function getAccessToken as a class, resolved through DI', () => {
    class ArrowProvider {
      getAccessToken = () => 'token';
    }

    expect(resolveConvFileOptions({ accessTokenProvider: ArrowProvider }).tokenSource.kind).toBe(
      'providerClass',
    );
  });

  it('drops a trailing slash from baseUrl', () => {
    expect(
      resolveConvFileOptions({ appKey: 'k', appSecret: 's', baseUrl: 'http://127.0.0.1:7070/' })
        .baseUrl,
    ).toBe('http://127.0.0.1:7070');
  });

  it.each([
    [{}, 'ConvFileModule option appKey is required (or give accessTokenProvider)'],
    [{ appKey: 'k' }, 'ConvFileModule option appSecret is required with appKey'],
    [{ appKey: '', appSecret: 's' }, 'ConvFileModule option appKey must not be empty'],
    [{ appKey: 'k', appSecret: 42 }, 'ConvFileModule option appSecret must be a string'],
    [
      { appKey: 'k', appSecret: 's', accessTokenProvider: () => 't' },
      'ConvFileModule option accessTokenProvider cannot be combined with appKey/appSecret',
    ],
    [
      { accessTokenProvider: { nope: true } },
      'ConvFileModule option accessTokenProvider must be a function, an object with getAccessToken(), or a class implementing DingTalkAccessTokenProvider',
    ],
    [
      { appKey: 'k', appSecret: 's', baseUrl: 'api.dingtalk.com' },
      'ConvFileModule option baseUrl must be an absolute http(s) URL',
    ],
    [
      { appKey: 'k', appSecret: 's', baseUrl: 'ftp://x' },
      'ConvFileModule option baseUrl must use http or https',
    ],
    [
      { appKey: 'k', appSecret: 's', baseUrl: 'https://user:pw@x' },
      'ConvFileModule option baseUrl must not contain credentials',
    ],
    [
      { appKey: 'k', appSecret: 's', timeoutMs: 0 },
      'ConvFileModule option timeoutMs must be at least 1',
    ],
    [
      { appKey: 'k', appSecret: 's', timeoutMs: Number.NaN },
      'ConvFileModule option timeoutMs must be a finite number',
    ],
    [
      { appKey: 'k', appSecret: 's', tokenRefreshMarginMs: -1 },
      'ConvFileModule option tokenRefreshMarginMs must be at least 0',
    ],
    [
      { appKey: 'k', appSecret: 's', errorStatusOverrides: { permissionDenied: 200 } },
      'ConvFileModule option errorStatusOverrides.permissionDenied must be an HTTP error status (400-599)',
    ],
    [
      { appKey: 'k', appSecret: 's', ...{ rateLimit: { perSecond: 0 } } },
      'ConvFileModule option rateLimit.perSecond must be at least 1',
    ],
    [
      { appKey: 'k', appSecret: 's', ...{ rateLimit: { perSecond: 2.5 } } },
      'ConvFileModule option rateLimit.perSecond must be a whole number',
    ],
    [
      { appKey: 'k', appSecret: 's', ...{ rateLimit: { perApi: { SendFile: 5 } } } },
      'ConvFileModule option rateLimit.perApi.SendFile is not an API; use one of SendLink, SendByApp, Send, GetSpace',
    ],
    [
      { appKey: 'k', appSecret: 's', ...{ rateLimit: { maxQueueLength: 0 } } },
      'ConvFileModule option rateLimit.maxQueueLength must be at least 1',
    ],
    [
      { appKey: 'k', appSecret: 's', ...{ retry: { maxRetries: -1 } } },
      'ConvFileModule option retry.maxRetries must be at least 0',
    ],
    [
      { appKey: 'k', appSecret: 's', ...{ timeoutMs: 2 ** 31 } },
      'ConvFileModule option timeoutMs must be at most 2147483647',
    ],
    [
      { appKey: 'k', appSecret: 's', ...{ redis: {} } },
      'ConvFileModule option redis.url is required',
    ],
    [
      { appKey: 'k', appSecret: 's', ...{ redis: { url: 'http://x' } } },
      'ConvFileModule option redis.url must be a redis:// or rediss:// URL',
    ],
    [
      { appKey: 'k', appSecret: 's', ...{ redis: { url: 'redis://127.0.0.1:6379/abc' } } },
      'ConvFileModule option redis.url must name the database by number, e.g. /0',
    ],
    [
      { appKey: 'k', appSecret: 's', ...{ timeOutMs: 5 } },
      'ConvFileModule option timeOutMs is not a known option (misspelt?)',
    ],
    [
      { appKey: 'k', appSecret: 's', ...{ retry: { maxRetry: 1 } } },
      'ConvFileModule option retry.maxRetry is not a known option (misspelt?)',
    ],
  ])('refuses %p: %s', (options, message) => {
    expect(() => resolveConvFileOptions(options as never)).toThrow(message);
  });

  it('never repeats the secret it refuses', () => {
    expect(() => resolveConvFileOptions({ appKey: 'k', appSecret: 'top secret' })).toThrow(
      /^ConvFileModule option appSecret must not contain white space$/,
    );
  });
});
