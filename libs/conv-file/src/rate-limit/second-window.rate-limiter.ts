import type { OnApplicationShutdown } from '@nestjs/common';
import {
  RateLimiterMemory,
  RateLimiterRedis,
  RLWrapperTimeouts,
  type RateLimiterAbstract,
} from 'rate-limiter-flexible';
import type { ConvFileApiName } from '../endpoints/dingtalk-api.endpoints';
import { ConvFileErrorCodes } from '../errors/dingtalk-error.codes';
import { DingTalkRateLimitError } from '../errors/dingtalk-rate-limit.error';
import { DingTalkError } from '../errors/dingtalk.error';
import { DingTalkErrorMessages } from '../messages/dingtalk-error.messages';
import type { ResolvedConvFileOptions } from '../options/conv-file-options.resolver';
import {
  REDIS_COMMAND_TIMEOUT_MS,
  type DingTalkRedisConnection,
} from '../redis/dingtalk-redis.connection';
import type { DingTalkRateLimiter } from './dingtalk-rate-limiter.interface';

type RateLimitConfig = Exclude<ResolvedConvFileOptions['rateLimit'], false>;

const SECOND_MS = 1000;
/**
 * A call let through in the last part of a second may reach DingTalk in its next second (network
 * latency, small clock differences): it takes a slot in both seconds, so that neither can hold
 * more than the limit wherever it lands. It waits only when one of the two is full.
 */
const SECOND_END_GUARD_MS = 50;
/**
 * A second's count is created up to SECOND_END_GUARD_MS before that second starts (by a call in
 * the previous second's guard band), and must outlive the second: counts live two seconds.
 */
const COUNT_LIFETIME_SECONDS = 2;

interface Waiter {
  resolve: () => void;
  reject: (error: Error) => void;
  deadline: NodeJS.Timeout;
}

/**
 * Admits at most N calls per (caller, API) in each clock-aligned second (a caller is an app, or a
 * third-party app in one organization), counted atomically by
 * rate-limiter-flexible: in Redis when the `redis` option is set (so the limit holds for all
 * instances together), else in memory. A Redis command that fails or takes too long falls back
 * to the memory count (the library's insurance limiter), so an outage never stalls a call.
 *
 * Why aligned seconds and not rate-limiter-flexible's own windows: those start at a key's first
 * call, so the end of one window and the start of the next can both fall inside one DingTalk
 * second and let 2N calls through. A key per clock second cannot.
 *
 * Calls over the rate wait in a FIFO queue per API; the queue is bounded by length and by wait.
 */
export class SecondWindowRateLimiter implements DingTalkRateLimiter, OnApplicationShutdown {
  /** By caller and API; a lane is a queue and two counters, so one per (app, org, API) used is cheap. */
  private readonly lanes = new Map<string, Lane>();
  private closed = false;

  /**
   * @param defaultCaller the caller of `acquire` without one: the default app's id.
   * @param redis counts in Redis, shared by every instance; without it, in this instance's memory.
   */
  constructor(
    private readonly config: RateLimitConfig,
    private readonly defaultCaller: string,
    private readonly redis?: DingTalkRedisConnection,
  ) {}

  acquire(api: ConvFileApiName, caller = this.defaultCaller): Promise<void> {
    if (this.closed) return Promise.reject(shuttingDown(api));
    // NUL cannot be part of an appKey, suiteKey or corpId: two callers never share a lane.
    const key = `${caller}\u0000${api}`;
    let lane = this.lanes.get(key);
    if (!lane) {
      lane = new Lane(api, this.config, this.counter(caller, api, this.config.perApi[api]));
      this.lanes.set(key, lane);
    }
    return lane.acquire();
  }

  onApplicationShutdown(): void {
    this.closed = true;
    for (const lane of this.lanes.values()) lane.close();
  }

  /** Redis behind a time limit, with the memory count as its insurance; else memory alone. */
  private counter(caller: string, api: ConvFileApiName, points: number): RateLimiterAbstract {
    const memory = new RateLimiterMemory({ points, duration: COUNT_LIFETIME_SECONDS });
    if (!this.redis) return memory;
    const redis = new RateLimiterRedis({
      storeClient: this.redis.client,
      useRedisPackage: true,
      // Stryker disable next-line BooleanLiteral: a client without offline queue refuses at once too; either way the insurance limiter counts
      rejectIfRedisNotReady: true,
      keyPrefix: `${this.redis.keyPrefix}rate:${caller}:${api}`,
      points,
      duration: COUNT_LIFETIME_SECONDS,
    });
    return new RLWrapperTimeouts({
      limiter: redis,
      timeoutMs: REDIS_COMMAND_TIMEOUT_MS,
      insuranceLimiter: memory,
    });
  }
}

function shuttingDown(api: ConvFileApiName): DingTalkError {
  const message = DingTalkErrorMessages.shuttingDown(api);
  return new DingTalkError(message, { code: ConvFileErrorCodes.shuttingDown, api });
}

/** The queue and pump of one API. */
class Lane {
  private readonly queue: Waiter[] = [];
  private pumping = false;
  /** Set while the pump sleeps until the next second. */
  private timer: NodeJS.Timeout | undefined;
  private readonly perSecond: number;

  constructor(
    private readonly api: ConvFileApiName,
    private readonly config: RateLimitConfig,
    private readonly counter: RateLimiterAbstract,
  ) {
    this.perSecond = config.perApi[api];
  }

  acquire(): Promise<void> {
    const waiting = this.queue.length;
    const estimate = this.estimatedWaitMs(waiting);
    if (waiting >= this.config.maxQueueLength) {
      return Promise.reject(
        this.rateLimited(DingTalkErrorMessages.queueFull(this.api, waiting), estimate),
      );
    }
    if (estimate > this.config.maxWaitMs)
      return Promise.reject(this.waitTooLong(estimate, estimate));
    return new Promise<void>((resolve, reject) => {
      // Each waiter has its own deadline, so it fails in time even if the pump is held up.
      const deadline = setTimeout(() => {
        this.remove(waiter);
        reject(this.waitTooLong(this.config.maxWaitMs, this.estimatedWaitMs(this.queue.length)));
      }, this.config.maxWaitMs);
      const waiter: Waiter = { resolve, reject, deadline };
      this.queue.push(waiter);
      // Stryker disable next-line ConditionalExpression: a pump while the timer is set finds the second full and sets the timer again; nothing is admitted early
      if (!this.timer) void this.pump();
    });
  }

  close(): void {
    clearTimeout(this.timer);
    for (const waiter of this.queue.splice(0)) {
      clearTimeout(waiter.deadline);
      waiter.reject(shuttingDown(this.api));
    }
  }

  /** Whole seconds of queue ahead of a new call: an estimate, since other instances share the limit. */
  private estimatedWaitMs(waiting: number): number {
    return Math.floor(waiting / this.perSecond) * SECOND_MS;
  }

  private waitTooLong(waitMs: number, retryAfterMs: number): DingTalkRateLimitError {
    const { maxWaitMs } = this.config;
    return this.rateLimited(
      DingTalkErrorMessages.queueWaitTooLong(this.api, waitMs, maxWaitMs),
      retryAfterMs,
    );
  }

  private rateLimited(message: string, retryAfterMs: number): DingTalkRateLimitError {
    return new DingTalkRateLimitError(message, { api: this.api, retryAfterMs });
  }

  private remove(waiter: Waiter): void {
    const index = this.queue.indexOf(waiter);
    // Stryker disable next-line ConditionalExpression: only a waiter's own deadline calls this, and admission and close clear it first, so the waiter is always found
    if (index >= 0) this.queue.splice(index, 1);
  }

  /** Admits queued calls in order until the current second is full, then sleeps to the next second. */
  private async pump(): Promise<void> {
    // Stryker disable next-line ConditionalExpression: a second pump admits the same waiters in the same order, each for one point of the counter
    if (this.pumping) return;
    // Stryker disable next-line BooleanLiteral: leaves the guard above always open, equivalent for the same reason
    this.pumping = true;
    try {
      while (this.queue.length > 0) {
        if (!(await this.tryAdmit())) {
          this.timer = setTimeout(
            () => {
              this.timer = undefined;
              void this.pump();
            },
            SECOND_MS - (Date.now() % SECOND_MS),
          );
          return;
        }
        // The head may have timed out or been rejected while the counter answered.
        const head = this.queue.shift();
        if (!head) continue;
        clearTimeout(head.deadline);
        head.resolve();
      }
    } finally {
      this.pumping = false;
    }
  }

  private async tryAdmit(): Promise<boolean> {
    for (;;) {
      const second = Math.floor(Date.now() / SECOND_MS);
      if (!(await this.take(second))) return false;
      // Counting may take a while (Redis): the call leaves now, so judge by the clock now.
      const now = Date.now();
      // Its second ended while it was counted: the slot is lost (the safe side); count again.
      if (Math.floor(now / SECOND_MS) !== second) continue;
      if (now % SECOND_MS < SECOND_MS - SECOND_END_GUARD_MS) return true;
      // A full next second makes the call wait; its slot in this second stays taken.
      if (!(await this.take(second + 1))) return false;
      if (Math.floor(Date.now() / SECOND_MS) <= second + 1) return true;
    }
  }

  /** Takes a slot in the clock second `second`; false when it is full. */
  private take(second: number): Promise<boolean> {
    // The insurance limiter answers for a failing Redis, so a refusal means the second is full.
    return this.counter.consume(String(second)).then(
      () => true,
      () => false,
    );
  }
}
