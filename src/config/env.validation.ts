import { applyDecorators, type LogLevel } from '@nestjs/common';
import { plainToInstance, Transform } from 'class-transformer';
import {
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Matches,
  Max,
  Min,
  validateSync,
} from 'class-validator';
import { AppMessages } from '../app.messages';
import { HTTP_ADAPTERS } from '../http-platform/http-platform.constants';
import { SANDBOX_API_KEY } from '../sandbox/sandbox.constants';
import { DEFAULT_THROTTLE_LIMIT, DEFAULT_THROTTLE_TTL_MS } from '../throttling/throttle.constants';
import { API_KEY_MIN_LENGTH, parseApiKeyPolicies, parseApiKeys } from './api-keys.parser';
import type { AppConfig } from './app-config.interface';
import { EnvProblems } from './env-problems.collector';
import { parseTrustProxy } from './trust-proxy.parser';
import { parseApiKeyApps, readDingTalkAppsFile } from './dingtalk-apps.parser';

/** Nest's levels, most verbose first: LOG_LEVEL=warn prints warn, error and fatal. */
const LOG_LEVELS: readonly LogLevel[] = ['verbose', 'debug', 'log', 'warn', 'error', 'fatal'];
/** undici is the default (faster); axios goes through the app's HttpModule, for its settings. */
const DINGTALK_HTTP_CLIENTS = ['undici', 'axios'] as const;
const NO_WHITESPACE = /^\S+$/;
const LOG_FORMATS = ['text', 'json'] as const;
const BOOLEANS = ['true', 'false'] as const;
/** A bearer token: long enough not to be guessed, and of the characters an API key may hold. */
const METRICS_TOKEN = /^[A-Za-z0-9._~+/=-]{16,256}$/;
/** Node timers cannot wait longer than this; a larger delay would fire at once. */
const MAX_TIMER_MS = 2_147_483_647;

/**
 * A whole number written in decimal digits, from `min` to `max`. Only digits are read as a number:
 * `Number()` alone would take ' 80', '0x50', '8e1' and '+80' for 80. Anything else stays a string,
 * which `IsInt` refuses. Applied in the order class-validator reports them: IsInt first.
 */
function WholeNumber(min: number, max = MAX_TIMER_MS): PropertyDecorator {
  return applyDecorators(
    IsInt({ message: ({ property }) => AppMessages.wholeNumber(property) }),
    Min(min),
    Max(max),
    Transform(({ value }: { value: unknown }) =>
      typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value,
    ),
  );
}

/**
 * The environment variables the app reads; every one is optional on its own. class-validator
 * checks a property's rules from the one next to it upwards, and only the first that fails is
 * reported: so `WholeNumber` checks the digits before the range.
 */
class EnvironmentVariables {
  @IsOptional()
  @IsString()
  NODE_ENV?: string;

  @IsOptional()
  @WholeNumber(0, 65535)
  PORT?: number;

  @IsOptional()
  @Matches(NO_WHITESPACE, { message: AppMessages.noWhitespace('HOST') })
  HOST?: string;

  @IsOptional()
  @IsIn(HTTP_ADAPTERS)
  HTTP_ADAPTER?: (typeof HTTP_ADAPTERS)[number];

  @IsOptional()
  @Matches(NO_WHITESPACE, { message: AppMessages.noWhitespace('DINGTALK_APP_KEY') })
  DINGTALK_APP_KEY?: string;

  @IsOptional()
  @Matches(NO_WHITESPACE, { message: AppMessages.noWhitespace('DINGTALK_APP_SECRET') })
  DINGTALK_APP_SECRET?: string;

  @IsOptional()
  @IsString()
  DINGTALK_APPS_FILE?: string;

  @IsOptional()
  @IsString()
  API_KEY_APPS?: string;

  @IsOptional()
  @Matches(/^https?:\/\/[^\s/?#@]+(\/[^\s?#]*)?$/, { message: AppMessages.baseUrl })
  DINGTALK_API_BASE_URL?: string;

  @IsOptional()
  @WholeNumber(1)
  DINGTALK_TIMEOUT_MS?: number;

  @IsOptional()
  @WholeNumber(1)
  DINGTALK_RATE_LIMIT_PER_SECOND?: number;

  @IsOptional()
  @WholeNumber(0)
  DINGTALK_RATE_LIMIT_MAX_WAIT_MS?: number;

  @IsOptional()
  @WholeNumber(0)
  DINGTALK_RETRY_MAX?: number;

  @IsOptional()
  @IsIn(DINGTALK_HTTP_CLIENTS)
  DINGTALK_HTTP_CLIENT?: (typeof DINGTALK_HTTP_CLIENTS)[number];

  @IsOptional()
  @IsString()
  API_KEYS?: string;

  @IsOptional()
  @IsString()
  API_KEY_POLICIES?: string;

  @IsOptional()
  @Matches(/^rediss?:\/\/\S+$/, { message: AppMessages.redisUrl })
  REDIS_URL?: string;

  @IsOptional()
  @Matches(/^[\w:.{}-]{1,64}$/, { message: AppMessages.redisKeyPrefix })
  REDIS_KEY_PREFIX?: string;

  @IsOptional()
  @WholeNumber(1, 1000)
  BATCH_CONCURRENCY?: number;

  @IsOptional()
  @WholeNumber(1000)
  BATCH_STALLED_MS?: number;

  @IsOptional()
  @IsIn(LOG_LEVELS)
  LOG_LEVEL?: LogLevel;

  @IsOptional()
  @WholeNumber(1)
  THROTTLE_LIMIT?: number;

  @IsOptional()
  @WholeNumber(1)
  THROTTLE_TTL_MS?: number;

  @IsOptional()
  @WholeNumber(0)
  SHUTDOWN_TIMEOUT_MS?: number;

  @IsOptional()
  @IsString()
  TRUST_PROXY?: string;

  @IsOptional()
  @IsIn(LOG_FORMATS)
  LOG_FORMAT?: (typeof LOG_FORMATS)[number];

  @IsOptional()
  @Matches(METRICS_TOKEN, { message: AppMessages.metricsToken })
  METRICS_TOKEN?: string;

  @IsOptional()
  @WholeNumber(0, 65535)
  METRICS_PORT?: number;

  @IsOptional()
  @IsIn(BOOLEANS)
  DOCS_ENABLED?: (typeof BOOLEANS)[number];
}

/**
 * Checks the environment at start-up and applies defaults. Throws one error listing every wrong
 * variable once, by name, with the first problem found in it; values are never repeated, so no
 * secret reaches a log.
 * Empty variables count as unset (as `KEY=` lines copied from `.env.example`).
 */
export function validateEnv(env: Record<string, string | undefined>): AppConfig {
  const present = Object.fromEntries(
    Object.entries(env).filter(([, value]) => value !== undefined && value.trim() !== ''),
  );
  const vars = plainToInstance(EnvironmentVariables, present);
  const problems = new EnvProblems();
  // Stryker disable next-line ObjectLiteral: the errors are dropped; the options only keep values out of them
  for (const error of validateSync(vars, {
    // Stryker disable next-line all: the errors are dropped here; this keeps values out of them in case one is ever logged.
    validationError: { target: false, value: false },
  })) {
    // The properties are flat strings and numbers: every error has constraints, in rule order.
    const [problem] = Object.values(error.constraints ?? {});
    // Stryker disable next-line ConditionalExpression: see above; the check is for the type only.
    if (problem !== undefined) problems.add(error.property, problem);
  }

  // A variable's name given to `problems` only keeps one problem per variable: where no second
  // problem of that variable can arise (or all come from one parser), another name changes nothing.
  const appKey = vars.DINGTALK_APP_KEY;
  const appSecret = vars.DINGTALK_APP_SECRET;
  const production = vars.NODE_ENV === 'production';
  if (appSecret !== undefined && appKey === undefined)
    problems.add('DINGTALK_APP_SECRET', AppMessages.secretWithoutKey);
  if (appKey !== undefined && appSecret === undefined)
    // Stryker disable next-line StringLiteral: dedupe key only, see above
    problems.add('DINGTALK_APP_SECRET', AppMessages.secretRequired);
  const appsFile = vars.DINGTALK_APPS_FILE;
  if (appsFile !== undefined && appKey !== undefined)
    problems.add('DINGTALK_APPS_FILE', AppMessages.appsWithAppKey);
  const dingTalkApps =
    appsFile === undefined
      ? undefined
      : readDingTalkAppsFile(appsFile, env, problems.reporterFor('DINGTALK_APPS_FILE'));
  if (appKey === undefined && appsFile === undefined && production)
    // Stryker disable next-line StringLiteral: dedupe key only, see above
    problems.add('DINGTALK_APP_KEY', AppMessages.credentialsRequiredInProduction);
  const sandbox = appKey === undefined && appsFile === undefined;
  if (!sandbox && vars.API_KEYS === undefined)
    // Stryker disable next-line StringLiteral: dedupe key only, see above
    problems.add('API_KEYS', AppMessages.apiKeysRequired);

  const usingSandboxApiKey = sandbox && vars.API_KEYS === undefined;
  // Unset API_KEYS in real mode is one problem, reported above: there are no keys to check.
  // Stryker disable next-line ArrayDeclaration: stays empty only on that path, which throws.
  let apiKeys: string[] = [];
  if (usingSandboxApiKey) apiKeys = [SANDBOX_API_KEY];
  else if (vars.API_KEYS !== undefined)
    // Stryker disable next-line StringLiteral: dedupe key only, see above
    apiKeys = parseApiKeys(vars.API_KEYS, API_KEY_MIN_LENGTH, problems.reporterFor('API_KEYS'));
  // A policy names keys of API_KEYS. In real mode an unset API_KEYS is already the problem.
  if (vars.API_KEY_POLICIES !== undefined && usingSandboxApiKey) {
    // Stryker disable next-line StringLiteral: dedupe key only, see above
    problems.add('API_KEY_POLICIES', AppMessages.policyRequiresApiKeys);
  }
  const apiKeyPolicies =
    vars.API_KEY_POLICIES !== undefined && vars.API_KEYS !== undefined
      ? parseApiKeyPolicies(
          vars.API_KEY_POLICIES,
          apiKeys,
          // Stryker disable next-line StringLiteral: dedupe key only, see above
          problems.reporterFor('API_KEY_POLICIES'),
        )
      : {};
  const apiKeyApps =
    vars.API_KEY_APPS !== undefined && vars.API_KEYS !== undefined
      ? parseApiKeyApps(
          vars.API_KEY_APPS,
          apiKeys,
          dingTalkApps,
          // Stryker disable next-line StringLiteral: dedupe key only, see above
          problems.reporterFor('API_KEY_APPS'),
        )
      : {};
  // Stryker disable next-line StringLiteral: dedupe key only, see above
  const trustProxy = parseTrustProxy(vars.TRUST_PROXY, problems.reporterFor('TRUST_PROXY'));
  // Port 0 is a free port each time, so two zeros do not clash.
  if (vars.METRICS_PORT !== 0 && vars.METRICS_PORT === (vars.PORT ?? 3000))
    problems.add('METRICS_PORT', AppMessages.metricsPortIsPort);

  const found = problems.list();
  if (found.length > 0) throw new Error(AppMessages.invalidEnvironment(found));
  const logLevel = vars.LOG_LEVEL ?? 'log';
  return {
    production,
    port: vars.PORT ?? 3000,
    host: vars.HOST,
    httpAdapter: vars.HTTP_ADAPTER ?? 'express',
    logLevels: LOG_LEVELS.slice(LOG_LEVELS.indexOf(logLevel)),
    dingTalkCredentials:
      appKey !== undefined && appSecret !== undefined ? { appKey, appSecret } : undefined,
    dingTalkApps,
    apiKeyApps,
    dingTalkBaseUrl: (vars.DINGTALK_API_BASE_URL ?? 'https://api.dingtalk.com').replace(/\/+$/, ''),
    dingTalkTimeoutMs: vars.DINGTALK_TIMEOUT_MS,
    dingTalkRatePerSecond: vars.DINGTALK_RATE_LIMIT_PER_SECOND,
    dingTalkRateMaxWaitMs: vars.DINGTALK_RATE_LIMIT_MAX_WAIT_MS,
    dingTalkMaxRetries: vars.DINGTALK_RETRY_MAX,
    dingTalkHttpClient: vars.DINGTALK_HTTP_CLIENT ?? 'undici',
    apiKeys,
    usingSandboxApiKey,
    apiKeyPolicies,
    redisUrl: vars.REDIS_URL,
    redisKeyPrefix: vars.REDIS_KEY_PREFIX,
    batchConcurrency: vars.BATCH_CONCURRENCY,
    batchStalledMs: vars.BATCH_STALLED_MS,
    throttle: {
      limit: vars.THROTTLE_LIMIT ?? DEFAULT_THROTTLE_LIMIT,
      ttlMs: vars.THROTTLE_TTL_MS ?? DEFAULT_THROTTLE_TTL_MS,
    },
    shutdownTimeoutMs: vars.SHUTDOWN_TIMEOUT_MS ?? 30_000,
    trustProxy,
    logFormat: vars.LOG_FORMAT ?? 'text',
    metrics:
      vars.METRICS_TOKEN === undefined && vars.METRICS_PORT === undefined
        ? undefined
        : { token: vars.METRICS_TOKEN, port: vars.METRICS_PORT },
    docsEnabled: vars.DOCS_ENABLED === undefined ? !production : vars.DOCS_ENABLED === 'true',
  };
}
