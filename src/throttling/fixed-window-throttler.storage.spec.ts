import { FixedWindowThrottlerStorage } from './fixed-window-throttler.storage';

const TTL = 60_000;
const BLOCK = 30_000;

describe('FixedWindowThrottlerStorage', () => {
  let storage: FixedWindowThrottlerStorage;
  const hit = (key = 'key:key-1', limit = 3, name = 'default') =>
    storage.increment(key, TTL, limit, BLOCK, name);

  beforeEach(() => {
    jest.useFakeTimers({ now: 1_000_000 });
    storage = new FixedWindowThrottlerStorage();
  });
  afterEach(() => {
    storage.onApplicationShutdown();
    jest.useRealTimers();
  });

  it('counts a client’s hits in a window of ttl from its first request, and lets `limit` through', async () => {
    expect(await hit()).toEqual({
      totalHits: 1,
      timeToExpire: 60,
      isBlocked: false,
      timeToBlockExpire: 0,
    });
    jest.advanceTimersByTime(20_500);
    await hit();
    expect(await hit()).toEqual({
      totalHits: 3,
      timeToExpire: 40,
      isBlocked: false,
      timeToBlockExpire: 0,
    });
  });

  it('blocks the hit past the limit for blockDuration, without counting the refused ones', async () => {
    for (let i = 0; i < 3; i++) await hit();

    expect(await hit()).toEqual({
      totalHits: 4,
      timeToExpire: 60,
      isBlocked: true,
      timeToBlockExpire: 30,
    });
    jest.advanceTimersByTime(BLOCK - 1);
    expect(await hit()).toMatchObject({ totalHits: 4, isBlocked: true, timeToBlockExpire: 1 });
  });

  it('starts afresh once the block is over, even inside the window it began in', async () => {
    for (let i = 0; i < 4; i++) await hit();
    jest.advanceTimersByTime(BLOCK);

    expect(await hit()).toEqual({
      totalHits: 1,
      timeToExpire: 60,
      isBlocked: false,
      timeToBlockExpire: 0,
    });
  });

  it('starts a new window once ttl has passed', async () => {
    for (let i = 0; i < 3; i++) await hit();
    jest.advanceTimersByTime(TTL);

    expect(await hit()).toMatchObject({ totalHits: 1, isBlocked: false, timeToExpire: 60 });
  });

  it('without a block (blockDuration 0), refuses requests over the limit, uncounted, until the window ends', async () => {
    const unblocked = () => storage.increment('key:key-1', TTL, 2, 0, 'default');
    await unblocked();
    await unblocked();
    jest.advanceTimersByTime(10_000);

    expect(await unblocked()).toEqual({
      totalHits: 3,
      timeToExpire: 50,
      isBlocked: true,
      timeToBlockExpire: 50,
    });
    expect(await unblocked()).toMatchObject({ totalHits: 3, isBlocked: true });
    jest.advanceTimersByTime(50_000);
    expect(await unblocked()).toEqual({
      totalHits: 1,
      timeToExpire: 60,
      isBlocked: false,
      timeToBlockExpire: 0,
    });
  });

  it('counts each client and each named throttler apart', async () => {
    for (let i = 0; i < 4; i++) await hit('key:key-1');

    expect(await hit('key:key-2')).toMatchObject({ totalHits: 1, isBlocked: false });
    expect(await hit('key:key-1', 3, 'burst')).toMatchObject({ totalHits: 1, isBlocked: false });
  });

  it('forgets ended windows every minute, and stops on shutdown', async () => {
    await hit('ip:10.0.0.1');
    for (let i = 0; i < 4; i++) await hit('ip:10.0.0.2', 3);
    jest.advanceTimersByTime(TTL - 1);
    expect(storage.size).toBe(2);

    // At 60 s both windows ended, and the second client's block (0 to 30 s) too: both go.
    jest.advanceTimersByTime(1);
    expect(storage.size).toBe(0);

    storage.onApplicationShutdown();
    expect(jest.getTimerCount()).toBe(0);
  });

  it('keeps a client that is still blocked when its window ended', async () => {
    for (let i = 0; i < 3; i++) await hit();
    jest.advanceTimersByTime(TTL - 1000);
    await hit();
    await hit(); // blocked from 59 s to 89 s
    jest.advanceTimersByTime(1000);

    expect(storage.size).toBe(1);
    jest.advanceTimersByTime(TTL);
    expect(storage.size).toBe(0);
  });
});
