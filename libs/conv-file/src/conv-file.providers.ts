import type { Provider } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { CONV_FILE_RAW_OPTIONS } from './conv-file.module-definition';
import {
  resolveConvFileOptions,
  type ResolvedConvFileOptions,
} from './options/conv-file-options.resolver';
import { CONV_FILE_OPTIONS } from './options/inject-conv-file-options.decorator';
import {
  DingTalkRateLimiter,
  unlimitedRateLimiter,
} from './rate-limit/dingtalk-rate-limiter.interface';
import { SecondWindowRateLimiter } from './rate-limit/second-window.rate-limiter';
import { DingTalkRedisConnection } from './redis/dingtalk-redis.connection';
import { AppTokenService } from './token/app-token.service';
import { DingTalkTokenStore } from './options/dingtalk-token-store.interface';
import {
  inProcessTokenFetchLock,
  RedisTokenFetchLock,
  TOKEN_FETCH_LOCK,
} from './token/dingtalk-token.lock';
import { DingTalkTokenService } from './token/dingtalk-token.service';
import { MemoryTokenStore } from './token/memory-token.store';
import { ProviderTokenService } from './token/provider-token.service';
import { RedisTokenStore } from './token/redis-token.store';
import { AxiosHttpTransport } from './transport/axios-http.transport';
import { DingTalkHttpTransport } from './transport/dingtalk-http.transport';
import { UndiciHttpTransport } from './transport/undici-http.transport';

/** The module's Redis connection, or undefined when nothing uses Redis. */
const REDIS_CONNECTION = Symbol('DingTalkRedisConnection');

/**
 * The module's strategies, each chosen once from the options, as throttler picks its storage:
 * nothing downstream asks which backend or mode is in use.
 */
export const CONV_FILE_PROVIDERS: Provider[] = [
  {
    provide: DingTalkHttpTransport,
    inject: [CONV_FILE_OPTIONS],
    useFactory: (options: ResolvedConvFileOptions): DingTalkHttpTransport =>
      options.httpService
        ? new AxiosHttpTransport(options, options.httpService)
        : new UndiciHttpTransport(options),
  },
  {
    provide: CONV_FILE_OPTIONS,
    useFactory: resolveConvFileOptions,
    inject: [CONV_FILE_RAW_OPTIONS],
  },
  {
    provide: REDIS_CONNECTION,
    inject: [CONV_FILE_OPTIONS],
    useFactory: ({ redis, tokenStore, rateLimit }: ResolvedConvFileOptions) =>
      redis && (tokenStore !== 'memory' || rateLimit !== false)
        ? DingTalkRedisConnection.open(redis.url, redis.keyPrefix)
        : undefined,
  },
  {
    provide: DingTalkTokenStore,
    inject: [CONV_FILE_OPTIONS, REDIS_CONNECTION],
    useFactory: (options: ResolvedConvFileOptions, redis?: DingTalkRedisConnection) => {
      if (options.tokenStore === 'redis') return new RedisTokenStore(redis!);
      if (options.tokenStore === 'memory') return new MemoryTokenStore();
      return options.tokenStore;
    },
  },
  {
    provide: TOKEN_FETCH_LOCK,
    inject: [CONV_FILE_OPTIONS, REDIS_CONNECTION],
    useFactory: (options: ResolvedConvFileOptions, redis?: DingTalkRedisConnection) =>
      redis && options.tokenStore !== 'memory'
        ? new RedisTokenFetchLock(redis)
        : inProcessTokenFetchLock,
  },
  {
    provide: DingTalkTokenService,
    inject: [CONV_FILE_OPTIONS, ModuleRef],
    useFactory: ({ tokenSource }: ResolvedConvFileOptions, moduleRef: ModuleRef) => {
      switch (tokenSource.kind) {
        case 'credentials':
          return moduleRef.create(AppTokenService);
        case 'provider':
          return new ProviderTokenService(tokenSource.provider);
        case 'providerClass':
          return moduleRef
            .create(tokenSource.providerClass)
            .then((p) => new ProviderTokenService(p));
      }
    },
  },
  {
    provide: DingTalkRateLimiter,
    inject: [CONV_FILE_OPTIONS, REDIS_CONNECTION],
    useFactory: ({ rateLimit, appId }: ResolvedConvFileOptions, redis?: DingTalkRedisConnection) =>
      rateLimit ? new SecondWindowRateLimiter(rateLimit, appId, redis) : unlimitedRateLimiter,
  },
];
