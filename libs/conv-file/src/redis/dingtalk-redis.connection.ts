import { Logger, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import type { RedisClientType } from '@redis/client';
import { DingTalkLogMessages } from '../messages/dingtalk-log.messages';
import { OptionProblems } from '../messages/option-problem.messages';
import { withTimeout } from '../utils/with-timeout.util';
import { endRedisClient } from './redis-client.closer';
import { REDIS_CONNECT_WAIT_MS, redisClientOptions } from './redis-client.options';

/** A Redis command that takes longer than this counts as Redis being unreachable. */
export const REDIS_COMMAND_TIMEOUT_MS = 500;
/** A PING this often finds a connection that went silent without closing. */
const PING_INTERVAL_MS = 5000;

/**
 * The module's own Redis connection, shared by the rate limiter, the token store and the token
 * lock; it exists only when one of them uses Redis. It never blocks start-up or a call: commands
 * fail fast while Redis is down (no offline queue) or slow, callers fall back to memory, and an
 * outage is logged once, as is the recovery.
 */
export class DingTalkRedisConnection implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger('DingTalkRedis');
  private outage = false;

  /**
   * A connection to `url`, not yet connected (Nest connects it at module init). `@redis/client`
   * is loaded here, on first use: it is an optional peer dependency, needed only by apps that
   * give the `redis` option, so an app without Redis does not install it.
   */
  static async open(url: string, keyPrefix: string): Promise<DingTalkRedisConnection> {
    const { createClient } = await loadRedisClient();
    const client: RedisClientType = createClient({
      ...redisClientOptions(url, true),
      pingInterval: PING_INTERVAL_MS,
    });
    return new DingTalkRedisConnection(client, keyPrefix);
  }

  private constructor(
    readonly client: RedisClientType,
    /** Prefix of every key the module writes. */
    readonly keyPrefix: string,
  ) {
    // Without a listener, a connection error would crash the process.
    this.client.on('error', (error: Error) => this.reportOutage(error.message));
    this.client.on('ready', () => this.reportRecovery());
  }

  /**
   * Connects before the first call, so that instances share from the start; if Redis does not
   * answer in time, start-up goes on and the client keeps reconnecting in the background.
   */
  async onModuleInit(): Promise<void> {
    const connected = this.client.connect().then(
      () => undefined,
      // Stryker disable next-line ArrowFunction: each failed attempt also emits 'error', which the listener above reports
      (error: Error) => this.reportOutage(error.message),
    );
    await withTimeout(connected, REDIS_CONNECT_WAIT_MS).catch(() => undefined);
  }

  onApplicationShutdown(): void {
    endRedisClient(this.client);
  }

  /** Runs a command with a time limit; undefined (and a one-time warning) when Redis is down or slow. */
  async run<T>(command: (client: RedisClientType) => Promise<T>): Promise<T | undefined> {
    const client = this.client;
    if (!client.isReady) return undefined;
    try {
      const result = await withTimeout(command(client), REDIS_COMMAND_TIMEOUT_MS);
      this.reportRecovery();
      return result;
    } catch (error) {
      this.reportOutage(error instanceof Error ? error.message : 'command failed');
      return undefined;
    }
  }

  /** Logs the first failure of an outage only, so a long outage does not flood the log. */
  reportOutage(reason: string): void {
    if (this.outage) return;
    this.outage = true;
    this.logger.warn(DingTalkLogMessages.redisUnavailable(redactUrls(reason)));
  }

  /** After an outage: on reconnection, or on the first command that succeeds again. */
  reportRecovery(): void {
    if (!this.outage) return;
    this.outage = false;
    this.logger.log(DingTalkLogMessages.redisRecovered);
  }
}

const REDIS_PACKAGE = '@redis/client';

/** `@redis/client`, or an error saying which option needs it and how to install it. */
export async function loadRedisClient(): Promise<typeof import('@redis/client')> {
  try {
    return await import('@redis/client');
  } catch (error) {
    const code = (error as { code?: unknown } | undefined)?.code;
    const missing = code === 'MODULE_NOT_FOUND' || code === 'ERR_MODULE_NOT_FOUND';
    if (missing && String((error as Error).message).includes(REDIS_PACKAGE)) {
      throw new Error(OptionProblems.missingPackage('redis', REDIS_PACKAGE, '^5'), {
        cause: error,
      });
    }
    throw error;
  }
}

/** Redis errors can quote the connection URL, which may hold a password. */
export function redactUrls(text: string): string {
  return text.replace(/rediss?:\/\/\S+/g, 'redis://…');
}
