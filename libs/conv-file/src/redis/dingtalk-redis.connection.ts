import { Injectable, Logger, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { createClient, type RedisClientType } from '@redis/client';
import { REDIS_COMMAND_TIMEOUT_MS, REDIS_CONNECT_WAIT_MS } from '../conv-file.constants';
import type { ResolvedConvFileOptions } from '../conv-file-options.resolver';
import { InjectConvFileOptions } from '../decorators/inject-conv-file-options.decorator';
import { DingTalkErrorMessages } from '../errors/dingtalk-error.messages';

/**
 * The module's own Redis connection (when the `redis` option is set), shared by the rate limiter
 * and the token lock. It never blocks start-up or a call: commands fail fast while Redis is down
 * (no offline queue), callers fall back to memory, and the outage is logged once, as is the recovery.
 */
@Injectable()
export class DingTalkRedisConnection implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger('DingTalkRedis');
  /** Undefined when no `redis` option was given. */
  readonly client: RedisClientType | undefined;
  readonly keyPrefix: string;
  private outage = false;

  constructor(@InjectConvFileOptions() options: ResolvedConvFileOptions) {
    this.keyPrefix = options.redis?.keyPrefix ?? '';
    this.client = options.redis
      ? createClient({
          url: options.redis.url,
          disableOfflineQueue: true,
          socket: {
            connectTimeout: REDIS_CONNECT_WAIT_MS,
            reconnectStrategy: (retries: number) => Math.min(100 * 2 ** retries, 2000),
          },
        })
      : undefined;
    // Without a listener, a connection error would crash the process.
    this.client?.on('error', (error: Error) => this.reportOutage(error.message));
    this.client?.on('ready', () => this.reportRecovery());
  }

  /**
   * Connects before the first call, so that instances share from the start; if Redis does not
   * answer in time, start-up goes on and the client keeps reconnecting in the background.
   */
  async onModuleInit(): Promise<void> {
    if (!this.client) return;
    const connected = this.client
      .connect()
      .catch((error: Error) => this.reportOutage(error.message));
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      connected,
      new Promise<void>((resolve) => {
        timer = setTimeout(resolve, REDIS_CONNECT_WAIT_MS);
      }),
    ]);
    clearTimeout(timer);
  }

  onApplicationShutdown(): void {
    if (this.client?.isOpen) this.client.destroy();
  }

  /** True when commands can be sent now. */
  get ready(): boolean {
    return this.client?.isReady ?? false;
  }

  /** Runs a command with a time limit; undefined (and a one-time warning) when Redis is down or slow. */
  async run<T>(command: (client: RedisClientType) => Promise<T>): Promise<T | undefined> {
    const client = this.client;
    if (!client?.isReady) return undefined;
    let timer: NodeJS.Timeout | undefined;
    try {
      return await Promise.race([
        command(client),
        new Promise<never>((_, reject) => {
          timer = setTimeout(
            () => reject(new Error('command timed out')),
            REDIS_COMMAND_TIMEOUT_MS,
          );
        }),
      ]);
    } catch (error) {
      this.reportOutage(error instanceof Error ? error.message : 'command failed');
      return undefined;
    } finally {
      clearTimeout(timer);
    }
  }

  /** Logs the first failure of an outage only, so a long outage does not flood the log. */
  reportOutage(reason: string): void {
    if (this.outage) return;
    this.outage = true;
    this.logger.warn(DingTalkErrorMessages.redisUnavailable(redactUrls(reason)));
  }

  private reportRecovery(): void {
    if (!this.outage) return;
    this.outage = false;
    this.logger.log(DingTalkErrorMessages.redisRecovered);
  }
}

/** Redis errors can quote the connection URL, which may hold a password. */
function redactUrls(text: string): string {
  return text.replace(/rediss?:\/\/\S+/g, 'redis://…');
}
