import { createClient, type RedisClientType } from '@redis/client';
import { once } from 'node:events';
import { endRedisClient } from './redis-client.closer';

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

/** TCP sockets that keep the process alive. */
const liveSockets = () =>
  process.getActiveResourcesInfo().filter((resource) => resource === 'TCPSocketWrap').length;

describe('endRedisClient', () => {
  it('leaves no socket keeping the process alive when the client is ended while it connects', async () => {
    const before = liveSockets();
    const client: RedisClientType = createClient({ url: REDIS_URL });
    client.on('error', () => undefined);
    const ready = once(client, 'ready');
    const connecting = client.connect().catch(() => undefined);

    endRedisClient(client);
    await connecting;
    // node-redis connects anyway: the race this guards against happened.
    await ready;

    expect(client.isOpen).toBe(false);
    expect(liveSockets()).toBe(before);
  });

  it('ends a connected client', async () => {
    const client: RedisClientType = createClient({ url: REDIS_URL });
    await client.connect();

    endRedisClient(client);

    expect(client.isOpen).toBe(false);
    expect(client.isReady).toBe(false);
  });

  it('does nothing to a client that never opened', () => {
    const client: RedisClientType = createClient({ url: REDIS_URL });

    expect(() => endRedisClient(client)).not.toThrow();
  });
});
