import {
  resolveSandboxOptions,
  type DingTalkSandboxOptions,
  type SandboxRateLimit,
} from './sandbox.options';

describe('resolveSandboxOptions', () => {
  it('applies every default to no options at all', () => {
    expect(resolveSandboxOptions({})).toStrictEqual({
      host: '127.0.0.1',
      port: 0,
      tokenExpireInSeconds: 7200,
      rateLimit: { limit: 20, windowMs: 1000 },
      now: Date.now,
      latencyMs: 0,
      callbackTimeoutMs: 5000,
      logger: undefined,
    });
  });

  it('keeps every option given', () => {
    const now = (): number => 42;
    const logger = (): void => undefined;
    expect(
      resolveSandboxOptions({
        host: '0.0.0.0',
        port: 8080,
        tokenExpireInSeconds: 60,
        rateLimit: { limit: 5, windowMs: 250 },
        now,
        latencyMs: 12.5,
        callbackTimeoutMs: 300,
        logger,
      }),
    ).toStrictEqual({
      host: '0.0.0.0',
      port: 8080,
      tokenExpireInSeconds: 60,
      rateLimit: { limit: 5, windowMs: 250 },
      now,
      latencyMs: 12.5,
      callbackTimeoutMs: 300,
      logger,
    });
  });

  it('turns rateLimit: false into no limit over a 1000 ms window', () => {
    expect(resolveSandboxOptions({ rateLimit: false }).rateLimit).toStrictEqual({
      limit: undefined,
      windowMs: 1000,
    });
  });

  it.each<[SandboxRateLimit, { limit: number; windowMs: number }]>([
    [{ limit: 3 }, { limit: 3, windowMs: 1000 }],
    [{ windowMs: 500 }, { limit: 20, windowMs: 500 }],
  ])('defaults the missing half of rateLimit %j', (rateLimit, resolved) => {
    expect(resolveSandboxOptions({ rateLimit }).rateLimit).toStrictEqual(resolved);
  });

  it.each<[DingTalkSandboxOptions, string]>([
    [{ tokenExpireInSeconds: 1 }, 'tokenExpireInSeconds'],
    [{ rateLimit: { limit: 1 } }, 'rateLimit.limit'],
    [{ rateLimit: { windowMs: 1 } }, 'rateLimit.windowMs'],
    [{ callbackTimeoutMs: 1 }, 'callbackTimeoutMs'],
    [{ tokenExpireInSeconds: Number.MAX_SAFE_INTEGER }, 'tokenExpireInSeconds'],
  ])('accepts %j, the positive integer bounds of %s', (options) => {
    expect(() => resolveSandboxOptions(options)).not.toThrow();
  });

  it.each<[DingTalkSandboxOptions, string, string]>([
    [{ tokenExpireInSeconds: 0 }, 'tokenExpireInSeconds', '0'],
    [{ tokenExpireInSeconds: -5 }, 'tokenExpireInSeconds', '-5'],
    [{ tokenExpireInSeconds: 0.5 }, 'tokenExpireInSeconds', '0.5'],
    [{ tokenExpireInSeconds: 2 ** 53 }, 'tokenExpireInSeconds', '9007199254740992'],
    [{ rateLimit: { limit: 0 } }, 'rateLimit.limit', '0'],
    [{ rateLimit: { limit: 2.5 } }, 'rateLimit.limit', '2.5'],
    [{ rateLimit: { windowMs: 0 } }, 'rateLimit.windowMs', '0'],
    [{ rateLimit: { windowMs: 1.5 } }, 'rateLimit.windowMs', '1.5'],
    [{ callbackTimeoutMs: 0 }, 'callbackTimeoutMs', '0'],
    [{ callbackTimeoutMs: 2.5 }, 'callbackTimeoutMs', '2.5'],
  ])('refuses %j with a RangeError naming %s and the value', (options, name, shown) => {
    expect(() => resolveSandboxOptions(options)).toThrow(
      new RangeError(`${name} must be a positive integer, got ${shown}`),
    );
    expect(() => resolveSandboxOptions(options)).toThrow(RangeError);
  });

  it.each([0, 0.5, 1])('accepts a latency of %d ms', (latencyMs) => {
    expect(resolveSandboxOptions({ latencyMs }).latencyMs).toBe(latencyMs);
  });

  it.each<[unknown, string]>([
    [-1, '-1'],
    [-0.5, '-0.5'],
    [Number.NaN, 'NaN'],
    [Number.POSITIVE_INFINITY, 'Infinity'],
    ['5', '5'],
  ])('refuses a latency of %p with a RangeError naming latencyMs', (latencyMs, shown) => {
    const options = { latencyMs } as DingTalkSandboxOptions;
    expect(() => resolveSandboxOptions(options)).toThrow(
      new RangeError(`latencyMs must be a non-negative number of milliseconds, got ${shown}`),
    );
    expect(() => resolveSandboxOptions(options)).toThrow(RangeError);
  });
});
