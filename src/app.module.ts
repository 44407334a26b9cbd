import { Module, UseGuards, type DynamicModule } from '@nestjs/common';
import { ApiSecurity } from '@nestjs/swagger';
import { HttpModule, HttpService } from '@nestjs/axios';
import { ConfigModule, ConfigService } from '@nestjs/config';
import { APP_FILTER, APP_GUARD } from '@nestjs/core';
import { ThrottlerModule } from '@nestjs/throttler';
import {
  ConvFileModule,
  DingTalkHttpExceptionFilter,
  type ConvFileModuleOptions,
} from '@nest-dingtalk/conv-file';
import { convFileBatches } from '@nest-dingtalk/conv-file/batches';
import { convFileRoutes, dingTalkEventRoutes } from '@nest-dingtalk/conv-file/http';
import type { AuthenticatedRequest } from './auth/api-client.interface';
import { ApiKeyGuard } from './auth/api-key.guard';
import { AuthModule } from './auth/auth.module';
import { BatchesController } from './batches/batches.controller';
import { UnionIdPolicyGuard } from './auth/union-id-policy.guard';
import type { AppConfig } from './config/app-config.interface';
import { DINGTALK_CONNECTION } from './dingtalk-connection/dingtalk-connection.constants';
import type { DingTalkConnection } from './dingtalk-connection/dingtalk-connection.interface';
import { DingTalkConnectionModule } from './dingtalk-connection/dingtalk-connection.module';
import { HealthModule } from './health/health.module';
import { MetricsModule } from './metrics/metrics.module';
import { PrometheusMetrics } from './metrics/prometheus.metrics';
import { API_KEY_SECURITY } from './openapi/openapi.setup';
import { GracefulShutdownService } from './shutdown/graceful-shutdown.service';
import { ApiKeyThrottlerGuard } from './throttling/api-key-throttler.guard';
import { FixedWindowThrottlerStorage } from './throttling/fixed-window-throttler.storage';

/** The sample app: the library's REST routes behind an API key, plus docs, health and limits. */
@Module({})
export class AppModule {
  /**
   * @param config checked settings, served by `ConfigService<AppConfig, true>`. Where DingTalk
   * calls go (and, without credentials, the in-process sandbox) is DingTalkConnectionModule's job.
   */
  static register(config: AppConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        // The environment was read and checked by validateEnv(); process.env is not read again.
        ConfigModule.forRoot({
          isGlobal: true,
          ignoreEnvFile: true,
          validatePredefined: false,
          skipProcessEnv: true,
          load: [() => config],
        }),
        ...(config.metrics ? [MetricsModule.register(config.metrics, config.host)] : []),
        ConvFileModule.forRootAsync({
          isGlobal: true,
          imports: [AuthModule, DingTalkConnectionModule, HttpModule.register({})],
          inject: [
            ConfigService,
            DINGTALK_CONNECTION,
            HttpService,
            { token: PrometheusMetrics, optional: true },
          ],
          useFactory: (
            configService: ConfigService<AppConfig, true>,
            connection: DingTalkConnection,
            httpService: HttpService,
            metrics?: PrometheusMetrics,
          ): ConvFileModuleOptions => {
            const { appKey, appSecret, apps, baseUrl, timeoutMs } = connection;
            const redisUrl = configService.get('redisUrl', { infer: true });
            const perSecond = configService.get('dingTalkRatePerSecond', { infer: true });
            const maxWaitMs = configService.get('dingTalkRateMaxWaitMs', { infer: true });
            const maxRetries = configService.get('dingTalkMaxRetries', { infer: true });
            // With Redis, instances share the token, the token-fetch lock and the outbound rate
            // limit through the library's own connection, which fails fast while Redis is away and
            // is destroyed at shutdown. No CACHE_MANAGER is registered: a Keyv client queues
            // commands during an outage and its disconnect waits for them, so SIGTERM could hang.
            const keyPrefix = configService.get('redisKeyPrefix', { infer: true });
            const redis = redisUrl === undefined ? undefined : { url: redisUrl, keyPrefix };
            return {
              // DINGTALK_APPS_FILE's apps, or the one app of DINGTALK_APP_KEY (or the sandbox's).
              ...(apps ? { apps: apps.apps, defaultApp: apps.defaultApp } : { appKey, appSecret }),
              baseUrl,
              timeoutMs,
              redis,
              rateLimit: { perSecond, maxWaitMs },
              retry: { maxRetries },
              // The proxy variables (HTTPS_PROXY, HTTP_PROXY, NO_PROXY) are read by the library.
              httpService:
                configService.get('dingTalkHttpClient', { infer: true }) === 'axios'
                  ? httpService
                  : undefined,
              // METRICS_TOKEN or METRICS_PORT: the library's calls feed the Prometheus metrics.
              observer: metrics,
            };
          },
          http: convFileRoutes({
            decorators: [UseGuards(ApiKeyGuard, UnionIdPolicyGuard), ApiSecurity(API_KEY_SECURITY)],
            // The key decides the app (API_KEY_APPS), never the request: a key bound to one app
            // cannot make a call with another's token.
            appFor: (request: AuthenticatedRequest) =>
              request.apiClient && config.apiKeyApps[request.apiClient.id],
          }),
          // DingTalk's event push (suite tickets) for third-party apps with a callback; DingTalk's
          // signature is its authentication, so no API key guards it.
          events: hasCallback(config) ? dingTalkEventRoutes() : undefined,
          // Bulk sends live in Redis: without REDIS_URL the batch routes answer 503.
          batches:
            config.redisUrl === undefined
              ? undefined
              : convFileBatches({
                  concurrency: config.batchConcurrency,
                  stalledAfterMs: config.batchStalledMs,
                  shutdownWaitMs: config.shutdownTimeoutMs,
                }),
        }),
        ThrottlerModule.forRootAsync({
          inject: [ConfigService],
          useFactory: (configService: ConfigService<AppConfig, true>) => {
            const { limit, ttlMs } = configService.get('throttle', { infer: true });
            return {
              throttlers: [{ limit, ttl: ttlMs }],
              storage: new FixedWindowThrottlerStorage(),
            };
          },
        }),
        HealthModule,
        // ApiKeyThrottlerGuard, an APP_GUARD of this module, counts valid keys by id.
        AuthModule,
      ],
      controllers: [BatchesController],
      providers: [
        GracefulShutdownService,
        { provide: APP_GUARD, useClass: ApiKeyThrottlerGuard },
        { provide: APP_FILTER, useExisting: DingTalkHttpExceptionFilter },
      ],
    };
  }
}

/** True when an app of DINGTALK_APPS_FILE receives DingTalk's event push. */
function hasCallback({ dingTalkApps }: AppConfig): boolean {
  return Object.values(dingTalkApps?.apps ?? {}).some((app) => 'callback' in app && app.callback);
}
