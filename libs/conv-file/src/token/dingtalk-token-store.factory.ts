import { CACHE_MANAGER } from '@nestjs/cache-manager';
import type { ModuleRef } from '@nestjs/core';
import type { Cache } from 'cache-manager';
import type { DingTalkRedisConnection } from '../redis/dingtalk-redis.connection';
import { CacheManagerTokenStore } from './cache-manager-token.store';
import type { DingTalkTokenStore } from './dingtalk-token-store.interface';
import { RedisTokenStore } from './redis-token.store';

/**
 * The app's `CACHE_MANAGER` when it registered one (found anywhere in the app, global or not),
 * else the module's Redis when the `redis` option is set, else none: tokens stay in memory.
 * Called once the app's modules are all instantiated.
 */
export function resolveTokenStore(
  moduleRef: ModuleRef,
  redis: DingTalkRedisConnection,
): DingTalkTokenStore | undefined {
  let cache: Cache | undefined;
  try {
    cache = moduleRef.get<Cache>(CACHE_MANAGER, { strict: false });
  } catch {
    cache = undefined;
  }
  if (cache) return new CacheManagerTokenStore(cache);
  return redis.client ? new RedisTokenStore(redis) : undefined;
}
