import type { RedisClientOptions } from '@redis/client';

/** Longest wait for a connection to Redis, at start-up and on each reconnection. */
export const REDIS_CONNECT_WAIT_MS = 2000;
/** The first reconnection waits this long, each next one twice as long, up to the connect wait. */
const FIRST_RECONNECT_DELAY_MS = 100;

/**
 * The settings of every Redis client the module opens: a bounded connect and an exponential
 * backoff, so a Redis that is down is found out quickly and not hammered.
 *
 * @param failFast commands fail at once while the connection is down (no offline queue); false
 *   only for BullMQ's connections, whose commands wait for Redis to come back.
 */
export function redisClientOptions(url: string, failFast: boolean) {
  return {
    url,
    disableOfflineQueue: failFast,
    socket: {
      connectTimeout: REDIS_CONNECT_WAIT_MS,
      reconnectStrategy: (retries: number) =>
        Math.min(FIRST_RECONNECT_DELAY_MS * 2 ** retries, REDIS_CONNECT_WAIT_MS),
    },
  } satisfies RedisClientOptions;
}
