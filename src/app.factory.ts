import type { INestApplication, LoggerService } from '@nestjs/common';
import type { DingTalkSandbox } from '@nest-dingtalk/sandbox';
import { AppModule } from './app.module';
import { BATCHES_PATH } from './batches/batches.controller';
import type { AppConfig } from './config/app-config.interface';
import { validateEnv } from './config/env.validation';
import { DINGTALK_CONNECTION } from './dingtalk-connection/dingtalk-connection.constants';
import type { DingTalkConnection } from './dingtalk-connection/dingtalk-connection.interface';
import { HTTP_PLATFORMS } from './http-platform/http-platform.registry';
import { JsonLogger } from './logging/json.logger';
import { requestScope } from './logging/request-context';
import { createRequestLog } from './logging/request-log.listener';
import { createHttpMetricsListener } from './metrics/http-metrics.listener';
import { PrometheusMetrics } from './metrics/prometheus.metrics';
import { setupOpenApi } from './openapi/openapi.setup';
import { releasingOnStartupFailure } from './shutdown/startup-failure.scope';

/** Bodies of the four APIs are a few hundred bytes; anything far larger is refused with 413. */
export const MAX_BODY_BYTES = 16 * 1024;
/** A batch holds up to 10,000 items of a few hundred bytes each. */
export const MAX_BATCH_BODY_BYTES = 4 * 1024 * 1024;

export interface CreateAppOptions {
  /**
   * Receives Nest's and the request logs.
   * @default Nest's console logger, printing LOG_LEVEL and above
   */
  logger?: LoggerService;
}

/** A configured app, not yet listening. */
export interface ConvFileApp {
  app: INestApplication;
  config: AppConfig;
  /** The in-process sandbox, in sandbox mode (from DINGTALK_CONNECTION). Closed by `app.close()`. */
  sandbox?: DingTalkSandbox;
}

/**
 * Builds the sample app from `env` (never from `process.env` directly): checks the environment,
 * then, on the HTTP platform of HTTP_ADAPTER, sets up logging, metrics, body limits, docs and
 * shutdown hooks. In sandbox mode the app's
 * DINGTALK_CONNECTION provider starts the sandbox. Throws, naming the variables, when the
 * environment is wrong; whatever fails, nothing started is left running.
 */
export async function createApp(
  env: Record<string, string | undefined>,
  options: CreateAppOptions = {},
): Promise<ConvFileApp> {
  const config = validateEnv(env);
  // HTTP_ADAPTER picks the platform once: nothing later asks which one it is.
  const platform = await HTTP_PLATFORMS[config.httpAdapter]({
    trustProxy: config.trustProxy,
    maxBodyBytes: MAX_BODY_BYTES,
    batchesPath: BATCHES_PATH,
    maxBatchBodyBytes: MAX_BATCH_BODY_BYTES,
  });
  const app = await releasingOnStartupFailure(() =>
    platform.create(
      AppModule.register(config),
      // abortOnError: false makes start-up errors reach the caller (main.ts reports them) instead of exiting here.
      {
        abortOnError: false,
        logger:
          options.logger ??
          (config.logFormat === 'json' ? new JsonLogger(config.logLevels) : config.logLevels),
      },
    ),
  );
  try {
    const measure = config.metrics
      ? createHttpMetricsListener(app.get(PrometheusMetrics))
      : undefined;
    const log = createRequestLog(undefined, config.logFormat);
    platform.observeRequests(
      app,
      (exchange) => {
        measure?.(exchange);
        return log(exchange);
      },
      requestScope(config.logFormat),
    );
    if (config.docsEnabled) setupOpenApi(app);
    app.enableShutdownHooks(['SIGTERM', 'SIGINT'], { useProcessExit: true });
  } catch (error) {
    // The app is built: closing it runs the shutdown hooks, which close the sandbox.
    await app.close();
    throw error;
  }
  const { sandbox } = app.get<DingTalkConnection>(DINGTALK_CONNECTION);
  return { app, config, sandbox };
}
