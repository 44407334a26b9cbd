import { Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import {
  RateLimiterMemory,
  RateLimiterRedis,
  RateLimiterRes,
  type RateLimiterAbstract,
} from 'rate-limiter-flexible';
import type { ResolvedConvFileOptions, ResolvedRateLimit } from '../conv-file-options.resolver';
import { InjectConvFileOptions } from '../decorators/inject-conv-file-options.decorator';
import { DingTalkErrorMessages } from '../errors/dingtalk-error.messages';
import { DingTalkRateLimitError } from '../errors/dingtalk-rate-limit.error';
import { DingTalkError } from '../errors/dingtalk.error';
import type { ConvFileApiName } from '../http/dingtalk-api.endpoints';
import { DingTalkRedisConnection } from '../redis/dingtalk-redis.connection';
import type { DingTalkRateLimiter } from './dingtalk-rate-limiter.interface';

const SECOND_MS = 1000;
/**
 * No call is let through in the last part of a second: it waits for the next second, so that
 * network latency (and small clock differences) cannot carry it into DingTalk's next window,
 * which may already be full. Under sustained load calls leave at the start of each second, so
 * this costs no throughput; an idle call made at that moment waits at most this long.
 */
export const SECOND_END_GUARD_MS = 50;

interface Waiter {
  resolve: () => void;
  reject: (error: Error) => void;
  deadline: number;
}

/**
 * Admits at most N calls per (app, API) in each clock-aligned second, counted atomically by
 * rate-limiter-flexible: in Redis when the `redis` option is set (so the limit holds for all
 * instances together), else in memory; during a Redis outage its memory insurance limiter takes over.
 *
 * Why aligned seconds and not rate-limiter-flexible's own windows: those start at a key's first
 * call, so the end of one window and the start of the next can both fall inside one DingTalk
 * second and let 2N calls through. A key per clock second cannot.
 *
 * Calls over the rate wait in a FIFO queue per API; the queue is bounded by length and by wait.
 */
@Injectable()
export class SecondWindowRateLimiter implements DingTalkRateLimiter, OnApplicationShutdown {
  private readonly logger = new Logger('DingTalkRateLimiter');
  private readonly lanes = new Map<ConvFileApiName, Lane>();

  constructor(
    @InjectConvFileOptions() private readonly options: ResolvedConvFileOptions,
    private readonly redis: DingTalkRedisConnection,
  ) {}

  acquire(api: ConvFileApiName): Promise<void> {
    const config = this.options.rateLimit;
    if (!config) return Promise.resolve();
    let lane = this.lanes.get(api);
    if (!lane) {
      lane = new Lane(api, config, this.counter(api, config.perApi[api]), this.logger);
      this.lanes.set(api, lane);
    }
    return lane.acquire();
  }

  onApplicationShutdown(): void {
    for (const lane of this.lanes.values()) lane.close();
  }

  private counter(api: ConvFileApiName, points: number): RateLimiterAbstract {
    const memory = new RateLimiterMemory({ points, duration: 1 });
    if (!this.redis.client) return memory;
    const source = this.options.tokenSource;
    const app = source.kind === 'credentials' ? source.appKey : 'token-provider';
    return new RateLimiterRedis({
      storeClient: this.redis.client,
      useRedisPackage: true,
      rejectIfRedisNotReady: true,
      keyPrefix: `${this.redis.keyPrefix}rate:${app}:${api}`,
      points,
      duration: 1,
      insuranceLimiter: memory,
    });
  }
}

/** The queue and pump of one API. */
class Lane {
  private readonly queue: Waiter[] = [];
  private pumping = false;
  private counterFailed = false;
  private timer: NodeJS.Timeout | undefined;
  private readonly perSecond: number;

  constructor(
    private readonly api: ConvFileApiName,
    private readonly config: ResolvedRateLimit,
    private readonly counter: RateLimiterAbstract,
    private readonly logger: Logger,
  ) {
    this.perSecond = config.perApi[api];
  }

  acquire(): Promise<void> {
    const waiting = this.queue.length;
    if (waiting >= this.config.maxQueueLength) {
      const retryAfterMs = this.estimatedWaitMs(waiting);
      return Promise.reject(
        new DingTalkRateLimitError(
          DingTalkErrorMessages.queueFull(this.api, waiting),
          retryAfterMs,
          { api: this.api },
        ),
      );
    }
    const estimate = this.estimatedWaitMs(waiting);
    if (estimate > this.config.maxWaitMs) {
      return Promise.reject(
        new DingTalkRateLimitError(
          DingTalkErrorMessages.queueWaitTooLong(this.api, estimate, this.config.maxWaitMs),
          estimate,
          { api: this.api },
        ),
      );
    }
    return new Promise<void>((resolve, reject) => {
      this.queue.push({ resolve, reject, deadline: Date.now() + this.config.maxWaitMs });
      void this.pump();
    });
  }

  close(): void {
    clearTimeout(this.timer);
    for (const waiter of this.queue.splice(0)) {
      waiter.reject(
        new DingTalkError('shuttingDown', DingTalkErrorMessages.shuttingDown(this.api), {
          api: this.api,
        }),
      );
    }
  }

  /** Whole seconds of queue ahead of a new call: an estimate, since other instances share the limit. */
  private estimatedWaitMs(waiting: number): number {
    return Math.floor(waiting / this.perSecond) * SECOND_MS;
  }

  /** Admits queued calls in order until the current second is full, then sleeps to the next second. */
  private async pump(): Promise<void> {
    if (this.pumping) return;
    this.pumping = true;
    try {
      while (this.queue.length > 0) {
        const head = this.queue[0];
        if (Date.now() > head.deadline) {
          this.queue.shift();
          head.reject(
            new DingTalkRateLimitError(
              DingTalkErrorMessages.queueWaitTooLong(
                this.api,
                this.config.maxWaitMs,
                this.config.maxWaitMs,
              ),
              this.estimatedWaitMs(this.queue.length),
              { api: this.api },
            ),
          );
          continue;
        }
        if (!(await this.tryAdmit())) {
          this.timer = setTimeout(() => void this.pump(), SECOND_MS - (Date.now() % SECOND_MS));
          return;
        }
        // close() may have emptied the queue while the counter answered.
        if (this.queue[0] !== head) continue;
        this.queue.shift();
        head.resolve();
      }
    } finally {
      this.pumping = false;
    }
  }

  private async tryAdmit(): Promise<boolean> {
    const now = Date.now();
    if (now % SECOND_MS >= SECOND_MS - SECOND_END_GUARD_MS) return false;
    const second = Math.floor(now / SECOND_MS);
    try {
      await this.counter.consume(String(second));
      return true;
    } catch (rejection) {
      if (rejection instanceof RateLimiterRes) return false;
      // The counter itself failed (not merely Redis, which its insurance covers): let the call
      // through rather than stall every send; DingTalk's own throttling answers are retried.
      if (!this.counterFailed)
        this.logger.warn(`Rate limit counter failed for ${this.api}; letting calls through`);
      this.counterFailed = true;
      return true;
    }
  }
}
