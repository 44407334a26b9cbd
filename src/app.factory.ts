import type { INestApplication, LoggerService } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { DingTalkSandbox } from '@nest-dingtalk/sandbox';
import { json } from 'express';
import { AppModule } from './app.module';
import { BATCHES_PATH } from './batches/batches.controller';
import type { AppConfig } from './config/app-config.interface';
import { validateEnv } from './config/env.validation';
import { DINGTALK_CONNECTION } from './dingtalk-connection/dingtalk-connection.constants';
import type { DingTalkConnection } from './dingtalk-connection/dingtalk-connection.interface';
import { JsonLogger } from './logging/json.logger';
import { createRequestLoggingMiddleware } from './logging/request-logging.middleware';
import { createHttpMetricsMiddleware } from './metrics/http-metrics.middleware';
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
 * then sets up logging, body limits, docs and shutdown hooks. In sandbox mode the app's
 * DINGTALK_CONNECTION provider starts the sandbox. Throws, naming the variables, when the
 * environment is wrong; whatever fails, nothing started is left running.
 */
export async function createApp(
  env: Record<string, string | undefined>,
  options: CreateAppOptions = {},
): Promise<ConvFileApp> {
  const config = validateEnv(env);
  const app = await releasingOnStartupFailure(() =>
    NestFactory.create<NestExpressApplication>(
      AppModule.register(config),
      // abortOnError: false makes start-up errors reach the caller (main.ts reports them) instead of exiting here.
      {
        bodyParser: false,
        abortOnError: false,
        logger:
          options.logger ??
          (config.logFormat === 'json' ? new JsonLogger(config.logLevels) : config.logLevels),
      },
    ),
  );
  try {
    app.disable('x-powered-by');
    // Behind a proxy, so that the inbound rate limit counts clients, not the proxy (TRUST_PROXY).
    app.set('trust proxy', config.trustProxy);
    if (config.metrics) app.use(createHttpMetricsMiddleware(app.get(PrometheusMetrics)));
    // Before the body parser, so that refused bodies are logged and carry a request id too.
    app.use(createRequestLoggingMiddleware(undefined, config.logFormat));
    // The batch routes' own, larger limit first: a body it parsed is not parsed again.
    app.use(BATCHES_PATH, json({ limit: MAX_BATCH_BODY_BYTES }));
    app.useBodyParser('json', { limit: MAX_BODY_BYTES });
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
