import { randomUUID } from 'node:crypto';
import type { DingTalkRedisConnection } from '../redis/dingtalk-redis.connection';

/** Deletes the lock only if this holder still owns it, so an expired lock taken over by another is left alone. */
const RELEASE_SCRIPT =
  "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end";

/** Releases a held lock. */
export type ReleaseLock = () => Promise<void>;

/** Injection token of the module's {@link TokenFetchLock}. */
export const TOKEN_FETCH_LOCK = Symbol('TokenFetchLock');

/** Lets one instance at a time fetch a token. */
export interface TokenFetchLock {
  /** A release function, or `undefined` when another instance holds the lock. */
  tryAcquire(name: string, ttlMs: number): Promise<ReleaseLock | undefined>;
}

const release: ReleaseLock = () => Promise.resolve();

/**
 * Without Redis every caller gets the lock: within one instance the token service already
 * shares one fetch among concurrent callers.
 */
export const inProcessTokenFetchLock: TokenFetchLock = {
  tryAcquire: () => Promise.resolve(release),
};

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
    if (answer === undefined) return release;
    if (answer !== 'OK') return undefined;
    return async () => {
      await this.redis.run((client) =>
        client.eval(RELEASE_SCRIPT, { keys: [key], arguments: [owner] }),
      );
    };
  }
}
