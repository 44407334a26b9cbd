import type { TestingModule } from '@nestjs/testing';
import { createClient, type RedisClientType } from '@redis/client';
import { DingTalkTokenService } from '@nest-dingtalk/conv-file';
import { DingTalkRedisConnection } from '../redis/dingtalk-redis.connection';
import { APP_KEY, bootConvFile } from '../../testing/conv-file.test-helper';
import { FakeDingTalk, TOKEN_PATH } from '../../testing/fake-dingtalk.server';
import { SHARED_REDIS_URL, SharedRedisKeys } from '../../testing/shared-redis.test-helper';
import { RedisTokenStore } from './redis-token.store';

const HOUR_MS = 3_600_000;

describe("RedisTokenStore (tokenStore: 'redis', the module's own Redis)", () => {
  const keys = new SharedRedisKeys();
  let keyPrefix: string;
  let inspector: RedisClientType;
  let connection: DingTalkRedisConnection;
  let store: RedisTokenStore;

  beforeAll(async () => {
    inspector = createClient({ url: SHARED_REDIS_URL });
    await inspector.connect();
  });

  beforeEach(async () => {
    keyPrefix = keys.nextPrefix();
    connection = await DingTalkRedisConnection.open(SHARED_REDIS_URL, keyPrefix);
    await connection.onModuleInit();
    store = new RedisTokenStore(connection);
  });

  afterEach(() => connection.onApplicationShutdown());

  afterAll(async () => {
    await keys.deleteAll();
    inspector.destroy();
  });

  it('keeps the token for ttlMs milliseconds, not seconds: PX, as the interface says', async () => {
    await store.set(
      'access-token:app',
      { accessToken: 'tok', expiresAt: Date.now() + HOUR_MS },
      HOUR_MS,
    );

    const remainingMs = await inspector.pTTL(`${keyPrefix}access-token:app`);

    // Milliseconds read as seconds would leave 1000 hours; seconds written as ms, 3.6 s.
    expect(remainingMs).toBeLessThanOrEqual(HOUR_MS);
    expect(remainingMs).toBeGreaterThan(HOUR_MS / 2);
  });

  it('rounds a fractional TTL down to whole milliseconds, which is all Redis takes', async () => {
    await store.set('access-token:app', { accessToken: 'tok', expiresAt: 1 }, HOUR_MS + 0.5);

    await expect(store.get('access-token:app')).resolves.toEqual({
      accessToken: 'tok',
      expiresAt: 1,
    });
    expect(await inspector.pTTL(`${keyPrefix}access-token:app`)).toBeLessThanOrEqual(HOUR_MS);
  });

  it('reads back what it wrote, under redis.keyPrefix, and deletes it', async () => {
    const token = { accessToken: 'tok', expiresAt: 1_900_000_000_000 };

    await store.set('access-token:app', token, HOUR_MS);

    await expect(store.get('access-token:app')).resolves.toEqual(token);
    expect(JSON.parse((await inspector.get(`${keyPrefix}access-token:app`))!)).toEqual(token);
    await store.delete('access-token:app');
    await expect(store.get('access-token:app')).resolves.toBeUndefined();
    expect(await inspector.exists(`${keyPrefix}access-token:app`)).toBe(0);
  });

  it.each([
    ['a value that is not JSON', 'not json'],
    ['JSON without the shape of a token', '{"accessToken":42,"expiresAt":1}'],
    ['JSON null', 'null'],
  ])('reads %s as no token, so the instance fetches its own', async (_case, raw) => {
    await inspector.set(`${keyPrefix}access-token:app`, raw);

    await expect(store.get('access-token:app')).resolves.toBeUndefined();
  });

  describe('through the module', () => {
    let fake: FakeDingTalk;
    let moduleRef: TestingModule;

    beforeEach(async () => {
      fake = await FakeDingTalk.start();
    });

    afterEach(async () => {
      await moduleRef?.close();
      await fake.close();
    });

    it("keeps DingTalk's token for expireIn − margin, in ms, under access-token:<appKey>", async () => {
      fake.on(TOKEN_PATH, () => ({ json: { accessToken: 'tok', expireIn: 3600 } }));
      moduleRef = await bootConvFile(fake.url, {
        redis: { url: SHARED_REDIS_URL, keyPrefix },
        tokenRefreshMarginMs: 60_000,
      });

      await moduleRef.get(DingTalkTokenService).getAccessToken();

      const key = `${keyPrefix}access-token:${APP_KEY}`;
      const remainingMs = await inspector.pTTL(key);
      expect(remainingMs).toBeLessThanOrEqual(3_540_000);
      expect(remainingMs).toBeGreaterThan(3_540_000 / 2);
      expect(JSON.parse((await inspector.get(key))!)).toMatchObject({ accessToken: 'tok' });
    });
  });
});
