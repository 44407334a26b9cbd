import { Module, type DynamicModule } from '@nestjs/common';
import { DingTalkCallOrchestrator } from './call/dingtalk-call.orchestrator';
import {
  CONV_FILE_ASYNC_OPTIONS_TYPE,
  CONV_FILE_OPTIONS_TYPE,
  ConvFileConfigurableModule,
} from './conv-file.module-definition';
import { CONV_FILE_PROVIDERS } from './conv-file.providers';
import { ConvFileService } from './conv-file.service';
import { DingTalkExceptionFilter } from './filters/dingtalk-exception.filter';
import { DingTalkHttpExceptionFilter } from './filters/dingtalk-http-exception.filter';
import type { ConvFileBatches, ConvFileRoutes } from './options/conv-file-module-extras.interface';
import { CONV_FILE_OPTIONS } from './options/inject-conv-file-options.decorator';
import { DingTalkRateLimiter } from './rate-limit/dingtalk-rate-limiter.interface';
import { DingTalkRetrier } from './retry/dingtalk.retrier';
import { DingTalkTokenStore } from './options/dingtalk-token-store.interface';
import { DingTalkTokenService } from './token/dingtalk-token.service';

/**
 * DingTalk convFile APIs for a Nest app. One call flows down:
 * controller (opt-in) → {@link ConvFileService} (validation) → {@link DingTalkCallOrchestrator}
 * (token, rate limit, retries) → {@link DingTalkHttpTransport} → answer parser → typed errors.
 *
 * ```ts
 * ConvFileModule.forRoot({ appKey, appSecret })
 * ConvFileModule.forRootAsync({ inject: [ConfigService], useFactory: (config) => ({ ... }), isGlobal: true })
 * ConvFileModule.forRootAsync({ ..., http: convFileRoutes({ decorators: [UseGuards(ApiKeyGuard)] }) }) // also serves the REST routes
 * ```
 */
@Module({
  providers: [
    ...CONV_FILE_PROVIDERS,
    DingTalkRetrier,
    DingTalkCallOrchestrator,
    ConvFileService,
    DingTalkExceptionFilter,
    DingTalkHttpExceptionFilter,
  ],
  exports: [
    ConvFileService,
    DingTalkTokenService,
    DingTalkTokenStore,
    DingTalkRateLimiter,
    DingTalkExceptionFilter,
    DingTalkHttpExceptionFilter,
    CONV_FILE_OPTIONS,
  ],
})
export class ConvFileModule extends ConvFileConfigurableModule {
  /** The module with options known now; `http: convFileRoutes()` also serves the REST routes. */
  static override forRoot(options: typeof CONV_FILE_OPTIONS_TYPE): DynamicModule {
    return withBatches(
      withRoutes(super.forRoot(options), options.http, options.events),
      options.batches,
    );
  }

  /** The module with options from a factory, class or existing provider; `http: convFileRoutes()` also serves the REST routes. */
  static override forRootAsync(options: typeof CONV_FILE_ASYNC_OPTIONS_TYPE): DynamicModule {
    return withBatches(
      withRoutes(super.forRootAsync(options), options.http, options.events),
      options.batches,
    );
  }
}

/**
 * Adds the controllers built by `convFileRoutes()` and `dingTalkEventRoutes()`. The module never imports it itself:
 * the controller is what needs `@nestjs/swagger`, and it comes from the `/http` entry point.
 */
function withRoutes(
  definition: DynamicModule,
  ...routes: Array<ConvFileRoutes | undefined>
): DynamicModule {
  const controllers = routes.flatMap((route) => (route ? [route.controller] : []));
  return { ...definition, controllers: [...(definition.controllers ?? []), ...controllers] };
}

/**
 * Adds the providers built by `convFileBatches()` and exports the batch service. The module never
 * imports them itself: they need `bullmq`, and come from the `/batches` entry point.
 */
function withBatches(
  definition: DynamicModule,
  batches: ConvFileBatches | undefined,
): DynamicModule {
  if (!batches) return definition;
  return {
    ...definition,
    providers: [...(definition.providers ?? []), ...batches.providers],
    exports: [...(definition.exports ?? []), ...batches.exports],
  };
}
