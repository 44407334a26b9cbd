import { Logger } from '@nestjs/common';
import { DingTalkLogMessages } from '../messages/dingtalk-log.messages';
import { REDIS_COMMAND_TIMEOUT_MS } from '../redis/dingtalk-redis.connection';
import { withTimeout } from '../utils/with-timeout.util';
import {
  isStoredToken,
  type DingTalkTokenStore,
  type StoredAccessToken,
} from '../options/dingtalk-token-store.interface';

/**
 * The part of a cache-manager 6 or 7 `Cache` (what `@nestjs/cache-manager` 3 injects as
 * `CACHE_MANAGER`) that the store uses. Declared here, so that the library's types do not
 * depend on the cache-manager package: apps without a cache need not install it.
 */
export interface CacheManagerLike {
  get<T>(key: string): Promise<T | undefined | null>;
  set<T>(key: string, value: T, ttlMs?: number): Promise<unknown>;
  del(key: string): Promise<unknown>;
}

/**
 * Tokens in an application's `@nestjs/cache-manager` cache (cache-manager 6 or 7: TTLs in ms):
 * `tokenStore: new CacheManagerTokenStore(cache)`. Each operation has a time limit, since a
 * Redis-backed cache can hang while Redis is down; failures are logged once.
 */
export class CacheManagerTokenStore implements DingTalkTokenStore {
  private readonly logger = new Logger('DingTalkTokenStore');
  private failing = false;

  /**
   * @param cache the app's cache, e.g. injected with `@Inject(CACHE_MANAGER)`.
   * @param keyPrefix put before every key, to keep the module's keys apart from the app's own.
   */
  constructor(
    private readonly cache: CacheManagerLike,
    private readonly keyPrefix = 'dingtalk:',
  ) {}

  async get(key: string): Promise<StoredAccessToken | undefined> {
    const value = await this.guard(() => this.cache.get<unknown>(this.keyPrefix + key));
    return isStoredToken(value) ? value : undefined;
  }

  async set(key: string, token: StoredAccessToken, ttlMs: number): Promise<void> {
    await this.guard(() => this.cache.set(this.keyPrefix + key, token, ttlMs));
  }

  async delete(key: string): Promise<void> {
    await this.guard(() => this.cache.del(this.keyPrefix + key));
  }

  private async guard<T>(operation: () => Promise<T>): Promise<T | undefined> {
    try {
      const result = await withTimeout(operation(), REDIS_COMMAND_TIMEOUT_MS);
      if (this.failing) this.logger.log(DingTalkLogMessages.tokenCacheRecovered);
      this.failing = false;
      return result;
    } catch {
      if (!this.failing) this.logger.warn(DingTalkLogMessages.tokenCacheFailing);
      this.failing = true;
      return undefined;
    }
  }
}
