import type { LogLevel } from '@nestjs/common';
import { plainToInstance, Type } from 'class-transformer';
import {
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Matches,
  Max,
  Min,
  validateSync,
  type ValidationError,
} from 'class-validator';
import { AppMessages } from '../app.messages';
import { SANDBOX_API_KEY } from '../sandbox/sandbox.constants';
import { DEFAULT_THROTTLE_LIMIT, DEFAULT_THROTTLE_TTL_MS } from '../throttling/throttle.constants';
import { API_KEY_MIN_LENGTH, parseApiKeyPolicies, parseApiKeys } from './api-keys.parser';
import type { EnvConfig } from './app-config.interface';
import { parseTrustProxy } from './trust-proxy.parser';

/** Nest's levels, most verbose first: LOG_LEVEL=warn prints warn, error and fatal. */
const LOG_LEVELS: readonly LogLevel[] = ['verbose', 'debug', 'log', 'warn', 'error', 'fatal'];
const NO_WHITESPACE = /^\S+$/;

/** The environment variables the app reads; every one is optional on its own. */
class EnvironmentVariables {
  @IsOptional()
  @IsString()
  NODE_ENV?: string;

  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(65535)
  PORT?: number;

  @IsOptional()
  @Matches(NO_WHITESPACE, { message: AppMessages.noWhitespace('HOST') })
  HOST?: string;

  @IsOptional()
  @Matches(NO_WHITESPACE, { message: AppMessages.noWhitespace('DINGTALK_APP_KEY') })
  DINGTALK_APP_KEY?: string;

  @IsOptional()
  @Matches(NO_WHITESPACE, { message: AppMessages.noWhitespace('DINGTALK_APP_SECRET') })
  DINGTALK_APP_SECRET?: string;

  @IsOptional()
  @Matches(/^https?:\/\/[^\s/?#@]+(\/[^\s?#]*)?$/, { message: AppMessages.baseUrl })
  DINGTALK_API_BASE_URL?: string;

  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  DINGTALK_TIMEOUT_MS?: number;

  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  DINGTALK_RATE_LIMIT_PER_SECOND?: number;

  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  DINGTALK_RATE_LIMIT_MAX_WAIT_MS?: number;

  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  DINGTALK_RETRY_MAX?: number;

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
  @IsIn(LOG_LEVELS)
  LOG_LEVEL?: LogLevel;

  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  THROTTLE_LIMIT?: number;

  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  THROTTLE_TTL_MS?: number;

  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  SHUTDOWN_TIMEOUT_MS?: number;

  @IsOptional()
  @IsString()
  TRUST_PROXY?: string;
}

/**
 * Checks the environment at start-up and applies defaults. Throws one error listing every
 * problem, each naming its variable; values are never repeated, so no secret reaches a log.
 * Empty variables count as unset (as `KEY=` lines copied from `.env.example`).
 */
export function validateEnv(env: Record<string, string | undefined>): EnvConfig {
  const present = Object.fromEntries(
    Object.entries(env).filter(([, value]) => value !== undefined && value.trim() !== ''),
  );
  const vars = plainToInstance(EnvironmentVariables, present);
  const problems = validateSync(vars, {
    validationError: { target: false, value: false },
  }).flatMap(messagesOf);

  const appKey = vars.DINGTALK_APP_KEY;
  const appSecret = vars.DINGTALK_APP_SECRET;
  const production = vars.NODE_ENV === 'production';
  if (appSecret !== undefined && appKey === undefined) problems.push(AppMessages.secretWithoutKey);
  if (appKey !== undefined && appSecret === undefined) problems.push(AppMessages.secretRequired);
  if (appKey === undefined && production)
    problems.push(AppMessages.credentialsRequiredInProduction);
  const sandbox = appKey === undefined;
  if (!sandbox && vars.API_KEYS === undefined) problems.push(AppMessages.apiKeysRequired);

  const usingSandboxApiKey = sandbox && vars.API_KEYS === undefined;
  const apiKeys = usingSandboxApiKey
    ? [SANDBOX_API_KEY]
    : parseApiKeys(vars.API_KEYS ?? '', API_KEY_MIN_LENGTH, problems);
  if (vars.API_KEY_POLICIES !== undefined && vars.API_KEYS === undefined) {
    problems.push(AppMessages.policyRequiresApiKeys);
  }
  const apiKeyPolicies =
    vars.API_KEY_POLICIES !== undefined && vars.API_KEYS !== undefined
      ? parseApiKeyPolicies(vars.API_KEY_POLICIES, apiKeys, problems)
      : {};
  const trustProxy = parseTrustProxy(vars.TRUST_PROXY, problems);

  if (problems.length > 0) throw new Error(AppMessages.invalidEnvironment(problems));
  const logLevel = vars.LOG_LEVEL ?? 'log';
  return {
    production,
    port: vars.PORT ?? 3000,
    host: vars.HOST,
    logLevels: LOG_LEVELS.slice(LOG_LEVELS.indexOf(logLevel)),
    dingTalkCredentials:
      appKey !== undefined && appSecret !== undefined ? { appKey, appSecret } : undefined,
    dingTalkBaseUrl: (vars.DINGTALK_API_BASE_URL ?? 'https://api.dingtalk.com').replace(/\/+$/, ''),
    dingTalkTimeoutMs: vars.DINGTALK_TIMEOUT_MS,
    dingTalkRatePerSecond: vars.DINGTALK_RATE_LIMIT_PER_SECOND,
    dingTalkRateMaxWaitMs: vars.DINGTALK_RATE_LIMIT_MAX_WAIT_MS,
    dingTalkMaxRetries: vars.DINGTALK_RETRY_MAX,
    apiKeys,
    usingSandboxApiKey,
    apiKeyPolicies,
    redisUrl: vars.REDIS_URL,
    throttle: {
      limit: vars.THROTTLE_LIMIT ?? DEFAULT_THROTTLE_LIMIT,
      ttlMs: vars.THROTTLE_TTL_MS ?? DEFAULT_THROTTLE_TTL_MS,
    },
    shutdownTimeoutMs: vars.SHUTDOWN_TIMEOUT_MS ?? 30_000,
    trustProxy,
  };
}

function messagesOf(error: ValidationError): string[] {
  return Object.values(error.constraints ?? {});
}
