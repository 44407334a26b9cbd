import type { LogLevel } from '@nestjs/common';
import type { HttpAdapterName } from '../http-platform/http-platform.constants';
import type { TrustProxy } from './trust-proxy.parser';
import type { ApiKeyApp, DingTalkAppsConfig } from './dingtalk-apps.parser';

/**
 * The app's settings from the environment, checked and with defaults applied (see `.env.example`);
 * what the app's providers read through `ConfigService<AppConfig, true>`.
 */
export interface AppConfig {
  production: boolean;
  port: number;
  /** Interface to listen on; undefined listens on all of them. */
  host?: string;
  /** From HTTP_ADAPTER: the HTTP platform the app runs on. */
  httpAdapter: HttpAdapterName;
  /** Log levels that are printed, from LOG_LEVEL up. */
  logLevels: LogLevel[];
  /** The DingTalk app; undefined means sandbox mode (see DINGTALK_CONNECTION). */
  dingTalkCredentials?: { appKey: string; appSecret: string };
  /** From DINGTALK_APPS_FILE: several apps (exclusive with dingTalkCredentials). */
  dingTalkApps?: DingTalkAppsConfig;
  /** From API_KEY_APPS: the app (and organization) each API key acts as, by key id. */
  apiKeyApps: Record<string, ApiKeyApp>;
  /** From DINGTALK_API_BASE_URL, no trailing slash; not used in sandbox mode. */
  dingTalkBaseUrl: string;
  /** From DINGTALK_TIMEOUT_MS; undefined keeps the library's default. */
  dingTalkTimeoutMs?: number;
  /** From DINGTALK_RATE_LIMIT_PER_SECOND; undefined keeps the library's default (20). */
  dingTalkRatePerSecond?: number;
  /** From DINGTALK_RATE_LIMIT_MAX_WAIT_MS: the library's `rateLimit.maxWaitMs`; undefined keeps its default (60000). */
  dingTalkRateMaxWaitMs?: number;
  /** From DINGTALK_RETRY_MAX: the library's `retry.maxRetries`; undefined keeps its default (3). */
  dingTalkMaxRetries?: number;
  /** From DINGTALK_HTTP_CLIENT: DingTalk calls through undici (default) or the app's HttpModule (axios). */
  dingTalkHttpClient: 'undici' | 'axios';
  /** Accepted `x-api-key` values. Secrets: never log them. */
  apiKeys: string[];
  /** True when API_KEYS was unset in sandbox mode, so the documented sandbox key is accepted. */
  usingSandboxApiKey: boolean;
  /**
   * unionIds each API key may act for, by key id (`key-1` is the first key of API_KEYS).
   * Keys without an entry may act for any unionId.
   */
  apiKeyPolicies: Record<string, string[]>;
  redisUrl?: string;
  /** From REDIS_KEY_PREFIX: prefix of every Redis key the app writes (the library's `redis.keyPrefix`). */
  redisKeyPrefix?: string;
  /** From BATCH_CONCURRENCY: batch items each instance has in flight (the library's `batches.concurrency`). */
  batchConcurrency?: number;
  /** From BATCH_STALLED_MS: when a stopped instance's batch items are taken over (`batches.stalledAfterMs`). */
  batchStalledMs?: number;
  throttle: { limit: number; ttlMs: number };
  /** Longest wait for in-flight requests at shutdown before their connections are cut, in ms. */
  shutdownTimeoutMs: number;
  /** From TRUST_PROXY: Express's `trust proxy` (Fastify's `trustProxy`), so client IPs are read behind a proxy. */
  trustProxy: TrustProxy;
  /** From LOG_FORMAT: human-readable lines, or one JSON object per line for log shippers. */
  logFormat: 'text' | 'json';
  /**
   * Prometheus metrics, on when METRICS_TOKEN or METRICS_PORT is set: `/metrics` on the app's port
   * for `Authorization: Bearer <token>`, and/or on a port of their own without auth.
   * A secret (the token): never log it.
   */
  metrics?: { token?: string; port?: number };
  /** From DOCS_ENABLED: `/docs` and `/docs-json`; on by default outside production. */
  docsEnabled: boolean;
}
