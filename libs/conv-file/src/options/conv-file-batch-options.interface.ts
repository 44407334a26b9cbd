/**
 * Options of the batches (`batches: convFileBatches({ ... })` of `@nest-dingtalk/conv-file/batches`).
 * Batches live in the module's Redis (the `redis` option) and are processed by every instance
 * that has them, paced by the same outbound rate limit as single calls.
 */
export interface ConvFileBatchOptions {
  /**
   * Items one instance has in flight at once (each waits for its rate-limit slot). Enough to keep
   * DingTalk's rate busy: about the rate per second divided by the number of instances, or more.
   * @default 20
   */
  concurrency?: number;
  /**
   * Attempts per item, counting only attempts that certainly did not reach DingTalk (throttled,
   * connection refused, this server's queue full, no token): after the last, the item ends
   * `failed`. An attempt that may have reached DingTalk is never repeated.
   * @default 5
   */
  maxAttempts?: number;
  /**
   * Wait before an item's next attempt, in ms, doubled after each further one.
   * @default 1000
   */
  retryDelayMs?: number;
  /**
   * How long an instance that stopped without closing (a crash, `kill -9`) keeps its items, in ms:
   * after it, another instance takes them over (an item whose call may have been in flight ends
   * `unknown`, never sent again). Also how often each instance looks for such items.
   * @default 30000
   */
  stalledAfterMs?: number;
  /**
   * How long a batch, its items and its idempotency key are kept after creation, in ms.
   * @default 604800000 (7 days)
   */
  retentionMs?: number;
  /**
   * Whether this instance processes items; `false` for instances that only create and read batches.
   * @default true
   */
  worker?: boolean;
  /**
   * Longest an instance waits at shutdown for its items in flight, in ms; those still running
   * then end `unknown` when another instance takes them over.
   * @default 10000
   */
  shutdownWaitMs?: number;
}
