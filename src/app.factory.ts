import type { INestApplication, LoggerService } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { DingTalkSandbox } from '@nest-dingtalk/sandbox';
import { AppModule } from './app.module';
import type { AppConfig } from './config/app-config.interface';
import { validateEnv } from './config/env.validation';
import { createRequestLoggingMiddleware } from './logging/request-logging.middleware';
import { setupOpenApi } from './openapi/openapi.setup';
import { connectDingTalk } from './sandbox/dingtalk-connection.factory';

/** Bodies of the four APIs are a few hundred bytes; anything far larger is refused with 413. */
export const MAX_BODY_BYTES = 16 * 1024;

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
  /** The in-process sandbox, in sandbox mode. Closed by `app.close()`. */
  sandbox?: DingTalkSandbox;
}

/**
 * Builds the sample app from `env` (never from `process.env` directly): checks the environment,
 * starts the sandbox when no DingTalk app is configured, and sets up logging, body limits, docs
 * and shutdown hooks. Throws, naming the variables, when the environment is wrong.
 */
export async function createApp(
  env: Record<string, string | undefined>,
  options: CreateAppOptions = {},
): Promise<ConvFileApp> {
  const envConfig = validateEnv(env);
  const { connection, sandbox } = await connectDingTalk(envConfig);
  const config: AppConfig = { ...envConfig, dingTalk: connection };
  try {
    const app = await NestFactory.create<NestExpressApplication>(
      AppModule.register(config, sandbox),
      // abortOnError: false makes start-up errors reach the caller (main.ts reports them) instead of exiting here.
      { bodyParser: false, abortOnError: false, logger: options.logger ?? config.logLevels },
    );
    app.disable('x-powered-by');
    // Behind a proxy, so that the inbound rate limit counts clients, not the proxy (TRUST_PROXY).
    app.set('trust proxy', config.trustProxy);
    // Before the body parser, so that refused bodies are logged and carry a request id too.
    app.use(createRequestLoggingMiddleware());
    app.useBodyParser('json', { limit: MAX_BODY_BYTES });
    setupOpenApi(app);
    app.enableShutdownHooks(['SIGTERM', 'SIGINT'], { useProcessExit: true });
    return { app, config, sandbox };
  } catch (error) {
    await sandbox?.close();
    throw error;
  }
}
