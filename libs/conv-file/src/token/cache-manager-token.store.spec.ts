import { createCache, type Cache } from 'cache-manager';
import { DingTalkLogMessages } from '../messages/dingtalk-log.messages';
import { CacheManagerTokenStore, type CacheManagerLike } from './cache-manager-token.store';
import { recordNestLogs, type RecordedLogLine } from '../../testing/nest-log.test-helper';

const HOUR_MS = 3_600_000;

/** An app's cache-manager cache that can go down (every operation fails) or hang. */
class FlakyCache implements CacheManagerLike {
  state: 'up' | 'down' | 'hanging' = 'up';

  constructor(readonly cache: Cache) {}

  get<T>(key: string): Promise<T | undefined | null> {
    return this.when(() => this.cache.get<T>(key));
  }

  set<T>(key: string, value: T, ttlMs?: number): Promise<unknown> {
    return this.when(() => this.cache.set(key, value, ttlMs));
  }

  del(key: string): Promise<unknown> {
    return this.when(() => this.cache.del(key));
  }

  private when<T>(operation: () => Promise<T>): Promise<T> {
    if (this.state === 'down') return Promise.reject(new Error('ECONNREFUSED redis://:pw@cache'));
    if (this.state === 'hanging') return new Promise<T>(() => undefined);
    return operation();
  }
}

describe("CacheManagerTokenStore (tokens in the app's cache-manager cache)", () => {
  let lines: RecordedLogLine[];
  let restoreLogger: () => void;
  let cache: FlakyCache;
  let store: CacheManagerTokenStore;
  const token = { accessToken: 'tok', expiresAt: 1_900_000_000_000 };
  const logged = () => lines.map(({ level, message }) => `${level}: ${message}`);

  beforeEach(() => {
    ({ lines, restore: restoreLogger } = recordNestLogs());
    cache = new FlakyCache(createCache());
    store = new CacheManagerTokenStore(cache);
  });

  afterEach(() => {
    jest.useRealTimers();
    restoreLogger();
  });

  /** One of each operation, each resolving whatever the cache does. */
  async function everyOperation(): Promise<void> {
    await store.get('access-token:app');
    await store.set('access-token:app', token, HOUR_MS);
    await store.delete('access-token:app');
  }

  it("keeps tokens under 'dingtalk:' + key, for ttlMs milliseconds, and deletes them", async () => {
    const before = Date.now();
    await store.set('access-token:app', token, HOUR_MS);

    await expect(cache.cache.get('dingtalk:access-token:app')).resolves.toEqual(token);
    const expiresAt = (await cache.cache.ttl('dingtalk:access-token:app'))!;
    expect(expiresAt - before).toBeGreaterThanOrEqual(HOUR_MS);
    expect(expiresAt - Date.now()).toBeLessThanOrEqual(HOUR_MS);
    await expect(store.get('access-token:app')).resolves.toEqual(token);
    await store.delete('access-token:app');
    await expect(cache.cache.get('dingtalk:access-token:app')).resolves.toBeUndefined();
  });

  it('puts its own prefix, when given one, before every key', async () => {
    const prefixed = new CacheManagerTokenStore(cache, 'my-app:dingtalk:');

    await prefixed.set('access-token:app', token, HOUR_MS);

    await expect(cache.cache.get('my-app:dingtalk:access-token:app')).resolves.toEqual(token);
  });

  it('reads a value without the shape of a token as no token', async () => {
    await cache.cache.set('dingtalk:access-token:app', { accessToken: 42, expiresAt: 1 });

    await expect(store.get('access-token:app')).resolves.toBeUndefined();
  });

  it('logs nothing while the cache answers', async () => {
    await everyOperation();
    await everyOperation();

    expect(lines).toEqual([]);
  });

  it('lets no failure of the cache through, and warns of an outage once, whatever it says', async () => {
    cache.state = 'down';

    await expect(store.get('access-token:app')).resolves.toBeUndefined();
    await expect(store.set('access-token:app', token, HOUR_MS)).resolves.toBeUndefined();
    await expect(store.delete('access-token:app')).resolves.toBeUndefined();

    expect(lines).toEqual([
      {
        level: 'warn',
        message: DingTalkLogMessages.tokenCacheFailing,
        context: 'DingTalkTokenStore',
      },
    ]);
  });

  it('logs the recovery once, and warns again of a later outage', async () => {
    cache.state = 'down';
    await everyOperation();
    cache.state = 'up';
    await everyOperation();
    cache.state = 'down';
    await everyOperation();

    expect(logged()).toEqual([
      `warn: ${DingTalkLogMessages.tokenCacheFailing}`,
      `log: ${DingTalkLogMessages.tokenCacheRecovered}`,
      `warn: ${DingTalkLogMessages.tokenCacheFailing}`,
    ]);
  });

  it('gives up on a cache that hangs after 500 ms, as on one that fails', async () => {
    jest.useFakeTimers();
    cache.state = 'hanging';
    let read: unknown = 'pending';
    void store.get('access-token:app').then((value) => (read = value));

    await jest.advanceTimersByTimeAsync(499);
    expect(read).toBe('pending');
    await jest.advanceTimersByTimeAsync(1);

    expect(read).toBeUndefined();
    expect(logged()).toEqual([`warn: ${DingTalkLogMessages.tokenCacheFailing}`]);
  });
});
