import type { RedisClientType } from '@redis/client';

/**
 * Ends a node-redis client in whatever state it is. node-redis (5.x) does not end a socket it is
 * still creating: after `destroy()` it connects anyway and stays connected, `isOpen` false and
 * `isReady` true, where no public method can end it. Such a socket is unref'd the moment it
 * connects, so that it cannot keep the process from exiting.
 */
export function endRedisClient(client: RedisClientType): void {
  if (client.isOpen) client.destroy();
  // Harmless on a client that never connects again: the listener just never runs.
  client.once('connect', () => client.unref());
}
