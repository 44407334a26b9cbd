import { createClient, type RedisClientType } from '@redis/client';
import { resolveConvFileOptions } from '../options/conv-file-options.resolver';
import { DingTalkRedisConnection } from '../redis/dingtalk-redis.connection';
import { SHARED_REDIS_URL, SharedRedisKeys } from '../../testing/shared-redis.test-helper';
import { SilentRedis } from '../../testing/silent-redis.server';
import { SecondWindowRateLimiter } from './second-window.rate-limiter';

describe('SecondWindowRateLimiter with a Redis that stops answering', () => {
  let redis: SilentRedis;
  let connection: DingTalkRedisConnection;
  let limiter: SecondWindowRateLimiter;

  beforeEach(async () => {
    redis = await SilentRedis.start();
    const options = resolveConvFileOptions({
      appKey: 'k',
      appSecret: 's',
      redis: { url: redis.url },
      rateLimit: { perSecond: 5, maxWaitMs: 5000 },
    });
    if (!options.rateLimit) throw new Error('this spec needs a rate limit');
    connection = await DingTalkRedisConnection.open(redis.url, 'dingtalk:');
    await connection.onModuleInit();
    limiter = new SecondWindowRateLimiter(options.rateLimit, options.apps.default.id, connection);
  });

  afterEach(async () => {
    limiter.onApplicationShutdown();
    connection.onApplicationShutdown();
    await redis.close();
  });

  it('counts in memory after a time limit instead of leaving calls waiting forever', async () => {
    await limiter.acquire('SendByApp');
    redis.silence();

    const outcomes = await Promise.allSettled([1, 2, 3].map(() => limiter.acquire('SendByApp')));

    expect(outcomes.map((outcome) => outcome.status)).toEqual([
      'fulfilled',
      'fulfilled',
      'fulfilled',
    ]);
  });
});

type FakeTimersConfig = Extract<
  NonNullable<Parameters<typeof jest.useFakeTimers>[0]>,
  { doNotFake?: unknown }
>;

/** Every timer jest can fake but `Date`: Redis I/O and its time limits run for real. */
const NOT_DATE: NonNullable<FakeTimersConfig['doNotFake']> = [
  'hrtime',
  'nextTick',
  'performance',
  'queueMicrotask',
  'requestAnimationFrame',
  'cancelAnimationFrame',
  'requestIdleCallback',
  'cancelIdleCallback',
  'setImmediate',
  'clearImmediate',
  'setInterval',
  'clearInterval',
  'setTimeout',
  'clearTimeout',
];

describe('SecondWindowRateLimiter on a shared Redis', () => {
  const keys = new SharedRedisKeys();
  let keyPrefix: string;
  let inspector: RedisClientType;
  const connections: DingTalkRedisConnection[] = [];
  const limiters: SecondWindowRateLimiter[] = [];

  beforeAll(async () => {
    inspector = createClient({ url: SHARED_REDIS_URL });
    await inspector.connect();
  });

  beforeEach(() => {
    keyPrefix = keys.nextPrefix();
  });

  afterEach(() => {
    for (const limiter of limiters.splice(0)) limiter.onApplicationShutdown();
    for (const connection of connections.splice(0)) connection.onApplicationShutdown();
  });

  afterAll(async () => {
    await keys.deleteAll();
    inspector.destroy();
  });

  /** One instance of the app `appKey`: its own connection to the shared Redis, and its limiter. */
  async function instance(appKey: string): Promise<SecondWindowRateLimiter> {
    const options = resolveConvFileOptions({
      appKey,
      appSecret: 's',
      redis: { url: SHARED_REDIS_URL, keyPrefix },
      rateLimit: { perSecond: 100 },
    });
    if (!options.rateLimit) throw new Error('this spec needs a rate limit');
    const connection = await DingTalkRedisConnection.open(SHARED_REDIS_URL, keyPrefix);
    await connection.onModuleInit();
    connections.push(connection);
    const limiter = new SecondWindowRateLimiter(
      options.rateLimit,
      options.apps.default.id,
      connection,
    );
    limiters.push(limiter);
    return limiter;
  }

  /** Calls counted in Redis under `pattern`, summed over its per-second keys. */
  async function countedIn(pattern: string): Promise<number> {
    const found = await inspector.keys(`${keyPrefix}${pattern}`);
    const values = found.length > 0 ? await inspector.mGet(found) : [];
    return values.reduce((sum, value) => sum + Number(value), 0);
  }

  it('counts each (app, API) under its own key, shared by the instances of that app', async () => {
    const [first, second, otherApp] = await Promise.all([
      instance('app-a'),
      instance('app-a'),
      instance('app-b'),
    ]);

    // 100 ms into a second: no call is in a second's last 50 ms, where it would count twice.
    jest.useFakeTimers({ now: Date.parse('2026-01-01T00:00:00.100Z'), doNotFake: NOT_DATE });
    try {
      await Promise.all([
        first.acquire('SendByApp'),
        second.acquire('SendByApp'),
        second.acquire('GetSpace'),
        otherApp.acquire('SendByApp'),
      ]);
    } finally {
      jest.useRealTimers();
    }

    // Both instances' sends use one budget; GetSpace and the other app each have their own.
    expect(await countedIn('rate:app-a:SendByApp:*')).toBe(2);
    expect(await countedIn('rate:app-a:GetSpace:*')).toBe(1);
    expect(await countedIn('rate:app-b:SendByApp:*')).toBe(1);
    expect(await countedIn('*')).toBe(4);
  });
});
