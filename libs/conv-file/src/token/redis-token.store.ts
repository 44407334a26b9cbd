import type { DingTalkRedisConnection } from '../redis/dingtalk-redis.connection';
import {
  isStoredToken,
  type DingTalkTokenStore,
  type StoredAccessToken,
} from '../options/dingtalk-token-store.interface';

/** Tokens in the module's own Redis (`tokenStore: 'redis'`), under `redis.keyPrefix`. */
export class RedisTokenStore implements DingTalkTokenStore {
  constructor(private readonly redis: DingTalkRedisConnection) {}

  async get(key: string): Promise<StoredAccessToken | undefined> {
    const raw = await this.redis.run((client) => client.get(this.redis.keyPrefix + key));
    if (typeof raw !== 'string') return undefined;
    try {
      // Stryker disable BlockStatement: the catch clause's body, emptied, returns undefined too
      const value: unknown = JSON.parse(raw);
      return isStoredToken(value) ? value : undefined;
    } catch {
      // Stryker restore BlockStatement
      return undefined;
    }
  }

  async set(key: string, token: StoredAccessToken, ttlMs: number): Promise<void> {
    await this.redis.run((client) =>
      client.set(this.redis.keyPrefix + key, JSON.stringify(token), {
        expiration: { type: 'PX', value: Math.max(1, Math.floor(ttlMs)) },
      }),
    );
  }

  async delete(key: string): Promise<void> {
    await this.redis.run((client) => client.del(this.redis.keyPrefix + key));
  }
}
