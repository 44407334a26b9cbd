import { Logger, type LoggerService } from '@nestjs/common';
import type { TestingModule } from '@nestjs/testing';
import { createClient } from '@redis/client';
import { DingTalkTokenService } from '@nest-dingtalk/conv-file';
import { createDingTalkSandbox, type DingTalkSandbox } from '@nest-dingtalk/sandbox';
import {
  convFiles,
  GET_SPACE_INPUT,
  SEND_BY_APP_INPUT,
  startInstance,
  type InstanceOptions,
} from './support/conv-file-instance.test-helper';
import { PrivateRedisServer } from './support/private-redis.server';
import { SHARED_REDIS_URL, SharedRedisKeys } from './support/shared-redis.test-helper';
import { waitUntil } from './support/wait-until.test-helper';

jest.setTimeout(30_000);

describe('several instances sharing Redis', () => {
  let sandbox: DingTalkSandbox;
  let instances: TestingModule[] = [];
  const keys = new SharedRedisKeys();
  /** This test's keys only, so that no test sees a token or a lock an earlier one left. */
  let keyPrefix: string;

  beforeEach(() => {
    instances = [];
    keyPrefix = keys.nextPrefix();
  });

  afterEach(async () => {
    await Promise.all(instances.map((instance) => instance.close()));
    await sandbox?.close();
  });

  afterAll(() => keys.deleteAll());

  async function start(count: number, options: InstanceOptions): Promise<TestingModule[]> {
    const started = await Promise.all(
      Array.from({ length: count }, () => startInstance(sandbox.url, options)),
    );
    instances.push(...started);
    return started;
  }

  it('4 instances × 250 concurrent cold calls make one token fetch (cache-manager + @keyv/redis, Redis lock)', async () => {
    sandbox = await createDingTalkSandbox({ rateLimit: false });
    const cluster = await start(4, {
      redis: { url: SHARED_REDIS_URL, keyPrefix },
      sharedCache: { url: SHARED_REDIS_URL, namespace: keyPrefix },
      rateLimit: false,
    });

    const answers = await Promise.all(
      cluster.flatMap((instance) =>
        Array.from({ length: 250 }, () => convFiles(instance).getSpace(GET_SPACE_INPUT)),
      ),
    );

    expect(answers).toHaveLength(1000);
    expect(sandbox.stats().tokenFetches).toBe(1);
    expect(sandbox.stats().requests.GetSpace).toBe(1000);
    // In the app's cache (keyv's namespace, CacheManagerTokenStore's prefix), not the module's keys.
    const inspector = createClient({ url: SHARED_REDIS_URL });
    await inspector.connect();
    try {
      expect(
        await inspector.keys(`${keyPrefix}*dingtalk:access-token:sandbox-app-key`),
      ).toHaveLength(1);
      expect(await inspector.keys(`${keyPrefix}access-token:*`)).toHaveLength(0);
    } finally {
      inspector.destroy();
    }
  });

  it("shares the token through the module's own Redis by default", async () => {
    sandbox = await createDingTalkSandbox({ rateLimit: false });
    const cluster = await start(3, {
      redis: { url: SHARED_REDIS_URL, keyPrefix },
      rateLimit: false,
    });

    await Promise.all(cluster.map((instance) => convFiles(instance).getSpace(GET_SPACE_INPUT)));

    expect(sandbox.stats().tokenFetches).toBe(1);
  });

  it('does not wait for ever on a token-fetch lock left by an instance that died', async () => {
    sandbox = await createDingTalkSandbox({ rateLimit: false });
    const inspector = createClient({ url: SHARED_REDIS_URL });
    await inspector.connect();
    try {
      await inspector.set(`${keyPrefix}lock:access-token:sandbox-app-key`, 'dead-instance', {
        expiration: { type: 'PX', value: 60_000 },
      });
      const [instance] = await start(1, {
        redis: { url: SHARED_REDIS_URL, keyPrefix },
        timeoutMs: 300,
      });

      await expect(convFiles(instance).getSpace(GET_SPACE_INPUT)).resolves.toHaveProperty('space');
      expect(sandbox.stats().tokenFetches).toBe(1);
    } finally {
      inspector.destroy();
    }
  });

  describe('the rate limit', () => {
    const LIMIT = 10;
    const CALLS = 30;

    /** Sends CALLS files spread over the instances, all at once. */
    async function sendAcross(cluster: TestingModule[]) {
      return Promise.allSettled(
        Array.from({ length: CALLS }, (_, i) =>
          convFiles(cluster[i % cluster.length]).sendByApp(SEND_BY_APP_INPUT),
        ),
      );
    }

    it('holds for all instances together: DingTalk never sees more than the limit in a second', async () => {
      sandbox = await createDingTalkSandbox({ rateLimit: { limit: LIMIT } });
      const cluster = await start(3, {
        redis: { url: SHARED_REDIS_URL, keyPrefix },
        rateLimit: { perSecond: LIMIT },
        retry: false,
      });

      const results = await sendAcross(cluster);

      expect(results.filter((result) => result.status === 'rejected')).toEqual([]);
      expect(sandbox.stats().throttled).toBe(0);
      expect(sandbox.stats().maxPerWindow['sandbox-app-key'].SendByApp).toBeLessThanOrEqual(LIMIT);
      expect(sandbox.deliveries()).toHaveLength(CALLS);
    });

    it('without Redis, each instance counts alone and together they overrun DingTalk', async () => {
      sandbox = await createDingTalkSandbox({ rateLimit: { limit: LIMIT } });
      const cluster = await start(3, { rateLimit: { perSecond: LIMIT }, retry: false });

      await sendAcross(cluster);

      expect(sandbox.stats().throttled).toBeGreaterThan(0);
    });
  });

  describe('Redis stopped mid-run and restarted', () => {
    let redis: PrivateRedisServer;
    const warnings: string[] = [];
    const capture: LoggerService = {
      log: () => undefined,
      error: () => undefined,
      debug: () => undefined,
      warn: (message: string) => warnings.push(message),
    };

    beforeEach(async () => {
      redis = await PrivateRedisServer.start();
      warnings.length = 0;
    });

    afterEach(async () => {
      Logger.overrideLogger(new Logger());
      await redis.stop();
    });

    it('keeps calls working on memory, warns once, and shares again once Redis is back', async () => {
      sandbox = await createDingTalkSandbox({ rateLimit: false });
      const options = { redis: { url: redis.url, keyPrefix }, rateLimit: { perSecond: 1000 } };
      const [first, second] = await start(2, options);
      const tokens = (instance: TestingModule) => instance.get(DingTalkTokenService);
      await convFiles(first).getSpace(GET_SPACE_INPUT);
      await convFiles(second).getSpace(GET_SPACE_INPUT);
      expect(sandbox.stats().tokenFetches).toBe(1);
      Logger.overrideLogger(capture);

      await redis.stop();
      for (let i = 0; i < 10; i++) {
        await convFiles(first).sendByApp(SEND_BY_APP_INPUT);
        await convFiles(second).getSpace(GET_SPACE_INPUT);
      }
      const late = await startInstance(sandbox.url, options);
      instances.push(late);
      await expect(convFiles(late).getSpace(GET_SPACE_INPUT)).resolves.toHaveProperty('space');

      expect(sandbox.deliveries()).toHaveLength(10);
      // One warning per running instance, not one per call (the late one booted after the override was replaced).
      expect(warnings.filter((line) => line.startsWith('Redis is unreachable'))).toHaveLength(2);

      await redis.restart();
      const inspector = createClient({ url: redis.url });
      await inspector.connect();
      try {
        await waitUntil(async () => {
          await convFiles(first).getSpace(GET_SPACE_INPUT);
          return (await inspector.keys(`${keyPrefix}rate:*`)).length > 0;
        }, 'the rate limiter to count in Redis again');
        const fetchesBefore = sandbox.stats().tokenFetches;
        await tokens(first).invalidate(await tokens(first).getAccessToken());
        await convFiles(first).getSpace(GET_SPACE_INPUT);
        const cold = await startInstance(sandbox.url, options);
        instances.push(cold);
        await convFiles(cold).getSpace(GET_SPACE_INPUT);

        expect(sandbox.stats().tokenFetches).toBe(fetchesBefore + 1);
        expect(await inspector.keys(`${keyPrefix}access-token:*`)).toHaveLength(1);
      } finally {
        inspector.destroy();
      }
    });
  });
});
