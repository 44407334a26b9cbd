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
import { DingTalkTokenStore } from './options/dingtalk-token-store.interface';
import { inProcessTokenFetchLock, TOKEN_FETCH_LOCK } from './token/dingtalk-token.lock';
import { RedisTokenFetchLock } from './token/redis-token.lock';
import { DingTalkTokenService } from './token/dingtalk-token.service';
import { MemoryTokenStore } from './token/memory-token.store';
import { ProviderTokenService } from './token/provider-token.service';
import { DingTalkTokenRegistry } from './token/dingtalk-token.registry';
import { StoredSuiteTickets } from './token/suite-ticket.source';
import { DefaultAppTokenService } from './call/default-app-token.service';
import { DingTalkCallTargets } from './call/dingtalk-call.targets';
import { DingTalkEventReceiver } from './callback/dingtalk-event.receiver';
import { DingTalkRetrier } from './retry/dingtalk.retrier';
import { ConvFileTelemetry } from './telemetry/conv-file.telemetry';
import { loadDingTalkTracer } from './telemetry/dingtalk.tracer';
import type { TokenFetchLock } from './token/dingtalk-token.lock';
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
    provide: ConvFileTelemetry,
    inject: [CONV_FILE_OPTIONS],
    useFactory: async (options: ResolvedConvFileOptions) =>
      new ConvFileTelemetry(options.observer, await loadDingTalkTracer()),
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
    provide: StoredSuiteTickets,
    inject: [DingTalkTokenStore],
    useFactory: (store: DingTalkTokenStore) => new StoredSuiteTickets(store),
  },
  {
    provide: DingTalkTokenRegistry,
    inject: [
      CONV_FILE_OPTIONS,
      DingTalkHttpTransport,
      DingTalkRetrier,
      DingTalkTokenStore,
      TOKEN_FETCH_LOCK,
      StoredSuiteTickets,
      ConvFileTelemetry,
      ModuleRef,
    ],
    useFactory: async (
      options: ResolvedConvFileOptions,
      transport: DingTalkHttpTransport,
      retrier: DingTalkRetrier,
      store: DingTalkTokenStore,
      lock: TokenFetchLock,
      tickets: StoredSuiteTickets,
      telemetry: ConvFileTelemetry,
      moduleRef: ModuleRef,
    ) => {
      // A token provider class is created through DI, so it may inject the app's services.
      const created = new Map<string, DingTalkTokenService>();
      for (const app of Object.values(options.apps)) {
        if (app.tokenSource.kind !== 'providerClass') continue;
        const provider = await moduleRef.create(app.tokenSource.providerClass);
        created.set(app.name, new ProviderTokenService(provider));
      }
      return new DingTalkTokenRegistry(
        { options, transport, retrier, store, lock, telemetry },
        tickets,
        created,
      );
    },
  },
  {
    provide: DingTalkEventReceiver,
    inject: [CONV_FILE_OPTIONS, StoredSuiteTickets],
    useFactory: (options: ResolvedConvFileOptions, tickets: StoredSuiteTickets) =>
      new DingTalkEventReceiver(options, tickets),
  },
  {
    provide: DingTalkCallTargets,
    inject: [CONV_FILE_OPTIONS, DingTalkTokenRegistry],
    useFactory: (options: ResolvedConvFileOptions, registry: DingTalkTokenRegistry) =>
      new DingTalkCallTargets(options, registry),
  },
  {
    provide: DingTalkTokenService,
    inject: [DingTalkCallTargets],
    useFactory: (targets: DingTalkCallTargets) => new DefaultAppTokenService(targets),
  },
  {
    provide: DingTalkRateLimiter,
    inject: [CONV_FILE_OPTIONS, REDIS_CONNECTION],
    useFactory: (options: ResolvedConvFileOptions, redis?: DingTalkRedisConnection) =>
      options.rateLimit
        ? new SecondWindowRateLimiter(options.rateLimit, defaultCaller(options), redis)
        : unlimitedRateLimiter,
  },
];

/** The rate-limit caller of `acquire` without one: the default app's id (its appKey). */
function defaultCaller({ apps, defaultApp }: ResolvedConvFileOptions): string {
  // Stryker disable next-line StringLiteral: any name that is no app's id (ids are never empty) keeps its budget apart
  return defaultApp === undefined ? 'default' : apps[defaultApp].id;
}
