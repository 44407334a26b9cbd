import { createKeyv } from '@keyv/redis';
import { CacheModule } from '@nestjs/cache-manager';
import { Module, type DynamicModule } from '@nestjs/common';

/**
 * With REDIS_URL, registers a global `CACHE_MANAGER` backed by Redis (TTLs in ms): ConvFileModule's
 * token service uses the app's `CACHE_MANAGER` when there is one, so every instance shares one
 * DingTalk token. Without it, nothing is registered and the library keeps tokens in memory.
 */
@Module({})
export class RedisCacheModule {
  static forUrl(redisUrl: string | undefined): DynamicModule {
    if (redisUrl === undefined) return { module: RedisCacheModule };
    return {
      module: RedisCacheModule,
      imports: [
        CacheModule.registerAsync({
          isGlobal: true,
          useFactory: () => ({ stores: [createKeyv(redisUrl)] }),
        }),
      ],
    };
  }
}
