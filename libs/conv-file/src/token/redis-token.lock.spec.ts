import { createClient, type RedisClientType } from '@redis/client';
import { DingTalkRedisConnection } from '../redis/dingtalk-redis.connection';
import { SHARED_REDIS_URL, SharedRedisKeys } from '../../testing/shared-redis.test-helper';
import { RedisTokenFetchLock } from './redis-token.lock';

const TTL_MS = 60_000;

describe('RedisTokenFetchLock (one token fetch at a time across instances)', () => {
  const keys = new SharedRedisKeys();
  let keyPrefix: string;
  let inspector: RedisClientType;
  const connections: DingTalkRedisConnection[] = [];

  beforeAll(async () => {
    inspector = createClient({ url: SHARED_REDIS_URL });
    await inspector.connect();
  });

  beforeEach(() => {
    keyPrefix = keys.nextPrefix();
  });

  afterEach(() => {
    for (const connection of connections.splice(0)) connection.onApplicationShutdown();
  });

  afterAll(async () => {
    await keys.deleteAll();
    inspector.destroy();
  });

  /** One instance's lock, on its own connection to the shared Redis. */
  async function instanceLock(): Promise<RedisTokenFetchLock> {
    const connection = await DingTalkRedisConnection.open(SHARED_REDIS_URL, keyPrefix);
    connections.push(connection);
    await connection.onModuleInit();
    return new RedisTokenFetchLock(connection);
  }

  const lockKey = (name: string) => `${keyPrefix}lock:${name}`;

  it('is held as <keyPrefix>lock:<name> for ttlMs milliseconds', async () => {
    const lock = await instanceLock();

    await expect(lock.tryAcquire('access-token:app', TTL_MS)).resolves.toEqual(
      expect.any(Function),
    );

    expect(await inspector.exists(lockKey('access-token:app'))).toBe(1);
    const remainingMs = await inspector.pTTL(lockKey('access-token:app'));
    expect(remainingMs).toBeLessThanOrEqual(TTL_MS);
    expect(remainingMs).toBeGreaterThan(TTL_MS / 2);
  });

  it('is refused to another instance while held, and to the holder itself', async () => {
    const mine = await instanceLock();
    const other = await instanceLock();
    await mine.tryAcquire('access-token:app', TTL_MS);

    await expect(other.tryAcquire('access-token:app', TTL_MS)).resolves.toBeUndefined();
    await expect(mine.tryAcquire('access-token:app', TTL_MS)).resolves.toBeUndefined();
  });

  it('keeps locks of different names apart', async () => {
    const lock = await instanceLock();
    await lock.tryAcquire('access-token:app', TTL_MS);

    await expect(lock.tryAcquire('access-token:other-app', TTL_MS)).resolves.toEqual(
      expect.any(Function),
    );
  });

  it('once released, is free for the next instance', async () => {
    const mine = await instanceLock();
    const other = await instanceLock();
    const release = (await mine.tryAcquire('access-token:app', TTL_MS))!;

    await release();

    expect(await inspector.exists(lockKey('access-token:app'))).toBe(0);
    await expect(other.tryAcquire('access-token:app', TTL_MS)).resolves.toEqual(
      expect.any(Function),
    );
  });

  it('released after it expired and another instance took it, leaves that instance its lock', async () => {
    const mine = await instanceLock();
    const release = (await mine.tryAcquire('access-token:app', TTL_MS))!;
    // As if the lock had expired and another instance had taken it.
    await inspector.set(lockKey('access-token:app'), 'another-owner', { PX: TTL_MS });

    await release();

    expect(await inspector.get(lockKey('access-token:app'))).toBe('another-owner');
  });

  it('while Redis is unreachable, is granted to every caller, with a release that does nothing', async () => {
    // Never connected: the connection answers every command with "Redis is down".
    const connection = await DingTalkRedisConnection.open(SHARED_REDIS_URL, keyPrefix);
    connections.push(connection);
    const lock = new RedisTokenFetchLock(connection);

    const first = await lock.tryAcquire('access-token:app', TTL_MS);
    const second = await lock.tryAcquire('access-token:app', TTL_MS);

    expect(first).toEqual(expect.any(Function));
    expect(second).toEqual(expect.any(Function));
    await expect(first!()).resolves.toBeUndefined();
    expect(await inspector.exists(lockKey('access-token:app'))).toBe(0);
  });
});
