import { resolveConvFileOptions } from '../options/conv-file-options.resolver';
import { DingTalkRedisConnection } from '../redis/dingtalk-redis.connection';
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
    limiter = new SecondWindowRateLimiter(options.rateLimit, options.appId, connection);
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
