import { Logger } from '@nestjs/common';
import type { Cache } from 'cache-manager';
import { REDIS_COMMAND_TIMEOUT_MS } from '../conv-file.constants';
import { DingTalkErrorMessages } from '../errors/dingtalk-error.messages';
import { withTimeout } from '../utils/with-timeout.util';
import type { DingTalkTokenStore, StoredAccessToken } from './dingtalk-token-store.interface';

/**
 * Tokens in the application's `CACHE_MANAGER` (cache-manager 7: TTLs in ms). Each operation has a
 * time limit, since a Redis-backed store can hang while Redis is down; failures are logged once.
 */
export class CacheManagerTokenStore implements DingTalkTokenStore {
  private readonly logger = new Logger('DingTalkTokenStore');
  private failing = false;

  constructor(private readonly cache: Cache) {}

  async get(key: string): Promise<StoredAccessToken | undefined> {
    const value = await this.guard(() => this.cache.get<unknown>(key));
    return isStoredToken(value) ? value : undefined;
  }

  async set(key: string, token: StoredAccessToken, ttlMs: number): Promise<void> {
    await this.guard(() => this.cache.set(key, token, ttlMs));
  }

  async delete(key: string): Promise<void> {
    await this.guard(() => this.cache.del(key));
  }

  private async guard<T>(operation: () => Promise<T>): Promise<T | undefined> {
    try {
      const result = await withTimeout(operation(), REDIS_COMMAND_TIMEOUT_MS);
      if (this.failing) this.logger.log(DingTalkErrorMessages.tokenCacheRecovered);
      this.failing = false;
      return result;
    } catch {
      if (!this.failing) {
        this.logger.warn(DingTalkErrorMessages.tokenCacheFailing);
      }
      this.failing = true;
      return undefined;
    }
  }
}

export function isStoredToken(value: unknown): value is StoredAccessToken {
  const candidate = value as Partial<StoredAccessToken> | null | undefined;
  return typeof candidate?.accessToken === 'string' && typeof candidate.expiresAt === 'number';
}
