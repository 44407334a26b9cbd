import { randomUUID } from 'node:crypto';
import type { DingTalkRedisConnection } from '../redis/dingtalk-redis.connection';
import { releaseNothing, type ReleaseLock, type TokenFetchLock } from './dingtalk-token.lock';

/** Deletes the lock only if this holder still owns it, so an expired lock taken over by another is left alone. */
const RELEASE_SCRIPT =
  "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end";

/**
 * Redis `SET NX PX`, released with a compare-and-delete. While Redis is down every caller gets
 * the lock, as without Redis: an outage costs a token fetch per instance, never a stall.
 */
export class RedisTokenFetchLock implements TokenFetchLock {
  constructor(private readonly redis: DingTalkRedisConnection) {}

  async tryAcquire(name: string, ttlMs: number): Promise<ReleaseLock | undefined> {
    const key = `${this.redis.keyPrefix}lock:${name}`;
    const owner = randomUUID();
    const answer = await this.redis.run((client) =>
      client.set(key, owner, { condition: 'NX', expiration: { type: 'PX', value: ttlMs } }),
    );
    if (answer === undefined) return releaseNothing;
    if (answer !== 'OK') return undefined;
    return async () => {
      await this.redis.run((client) =>
        client.eval(RELEASE_SCRIPT, { keys: [key], arguments: [owner] }),
      );
    };
  }
}
