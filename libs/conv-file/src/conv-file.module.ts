import { Module, type DynamicModule } from '@nestjs/common';
import { ConvFileService } from './conv-file.service';
import { resolveConvFileOptions } from './conv-file-options.resolver';
import {
  CONV_FILE_ASYNC_OPTIONS_TYPE,
  CONV_FILE_OPTIONS,
  CONV_FILE_OPTIONS_TYPE,
  CONV_FILE_RAW_OPTIONS,
  ConvFileConfigurableModule,
} from './conv-file.module-definition';
import { DingTalkExceptionFilter } from './filters/dingtalk-exception.filter';
import { DingTalkHttpExceptionFilter } from './filters/dingtalk-http-exception.filter';
import { DingTalkApiClient } from './http/dingtalk-api.client';
import { DingTalkHttpClient } from './http/dingtalk-http.client';
import { DingTalkRateLimiter } from './rate-limit/dingtalk-rate-limiter.interface';
import { SecondWindowRateLimiter } from './rate-limit/second-window.rate-limiter';
import { DingTalkRedisConnection } from './redis/dingtalk-redis.connection';
import { DingTalkRetrier } from './retry/dingtalk.retrier';
import { DingTalkTokenLock } from './token/dingtalk-token.lock';
import type { ConvFileHttpOptions } from './interfaces/conv-file-http-options.interface';
import { createConvFileController } from './rest/conv-file.controller';
import { DingTalkTokenService } from './token/dingtalk-token.service';

/**
 * DingTalk convFile APIs for a Nest app.
 *
 * ```ts
 * ConvFileModule.forRoot({ appKey, appSecret })
 * ConvFileModule.forRootAsync({ inject: [ConfigService], useFactory: (config) => ({ ... }), isGlobal: true })
 * ConvFileModule.forRootAsync({ ..., http: { guards: [ApiKeyGuard] } }) // also serves the REST routes
 * ```
 */
@Module({
  providers: [
    {
      provide: CONV_FILE_OPTIONS,
      useFactory: resolveConvFileOptions,
      inject: [CONV_FILE_RAW_OPTIONS],
    },
    DingTalkHttpClient,
    DingTalkRedisConnection,
    DingTalkRetrier,
    DingTalkTokenLock,
    { provide: DingTalkRateLimiter, useClass: SecondWindowRateLimiter },
    DingTalkTokenService,
    DingTalkApiClient,
    ConvFileService,
    DingTalkExceptionFilter,
    DingTalkHttpExceptionFilter,
  ],
  exports: [
    ConvFileService,
    DingTalkTokenService,
    DingTalkRateLimiter,
    DingTalkExceptionFilter,
    DingTalkHttpExceptionFilter,
    CONV_FILE_OPTIONS,
  ],
})
export class ConvFileModule extends ConvFileConfigurableModule {
  /** The module with options known now; `http` also serves the REST routes. */
  static override forRoot(options: typeof CONV_FILE_OPTIONS_TYPE): DynamicModule {
    return withRoutes(super.forRoot(options), options.http);
  }

  /** The module with options from a factory, class or existing provider; `http` also serves the REST routes. */
  static override forRootAsync(options: typeof CONV_FILE_ASYNC_OPTIONS_TYPE): DynamicModule {
    return withRoutes(super.forRootAsync(options), options.http);
  }
}

/** Adds this instance's controller: its prefix and guards are fixed when the module is defined. */
function withRoutes(
  definition: DynamicModule,
  http: ConvFileHttpOptions | undefined,
): DynamicModule {
  if (http === undefined) return definition;
  return {
    ...definition,
    controllers: [...(definition.controllers ?? []), createConvFileController(http)],
  };
}
