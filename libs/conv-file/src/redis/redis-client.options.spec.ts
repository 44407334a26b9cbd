import { redisClientOptions } from './redis-client.options';

describe('redisClientOptions', () => {
  it('connects to the URL given, with or without an offline queue as asked', () => {
    expect(redisClientOptions('redis://h:1/2', true)).toMatchObject({
      url: 'redis://h:1/2',
      disableOfflineQueue: true,
    });
    expect(redisClientOptions('redis://h:1/2', false)).toMatchObject({
      disableOfflineQueue: false,
    });
  });

  it('waits at most 2 s for a connection, and backs off from 100 ms, doubling, to 2 s', () => {
    const { socket } = redisClientOptions('redis://h', true);

    expect(socket.connectTimeout).toBe(2000);
    expect([0, 1, 2, 3, 4, 5, 20].map(socket.reconnectStrategy)).toEqual([
      100, 200, 400, 800, 1600, 2000, 2000,
    ]);
  });
});
