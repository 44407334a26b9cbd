import { createClient } from '@redis/client';
import { randomUUID } from 'node:crypto';
import { SHARED_REDIS_URL, SharedRedisKeys } from '../../testing/shared-redis.test-helper';
import { BatchRedisStore } from './batch-redis.store';

const ITEMS = 5;
const sent = { state: 'sent', result: { file: { id: 'f' } } } as const;

describe('BatchRedisStore (on the shared Redis)', () => {
  const keys = new SharedRedisKeys();
  let store: BatchRedisStore;
  let batchId: string;

  beforeEach(async () => {
    store = new BatchRedisStore(createClient({ url: SHARED_REDIS_URL }), keys.nextPrefix());
    await store.onModuleInit();
    batchId = randomUUID();
    const now = Date.now();
    await store.create({
      batchId,
      api: 'SendByApp',
      app: 'default',
      owner: 'key-1',
      fingerprint: 'f',
      items: Array.from({ length: ITEMS }, (_, i) => ({
        unionId: `u${i}`,
        spaceId: 's',
        dentryId: 'd',
      })),
      createdAt: now,
      expiresAt: now + 60_000,
    });
  });
  afterEach(() => store.onApplicationShutdown());
  afterAll(() => keys.deleteAll());

  const counts = async () => (await store.read(batchId))!.batch.counts;
  const total = async () => Object.values(await counts()).reduce((sum, count) => sum + count, 0);

  it('stores every item queued', async () => {
    const read = await store.read(batchId);

    expect(read?.batch).toMatchObject({ status: 'queued', total: ITEMS, finishedAt: null });
    expect(await counts()).toEqual({
      queued: ITEMS,
      running: 0,
      sent: 0,
      failed: 0,
      unknown: 0,
      cancelled: 0,
    });
  });

  it('moves an item queued → running → sent, the counts adding up at every step', async () => {
    expect(await store.claim(batchId, 0)).toMatchObject({
      kind: 'go',
      api: 'SendByApp',
      app: 'default',
      input: { unionId: 'u0' },
    });
    expect(await counts()).toMatchObject({ queued: ITEMS, running: 0 });

    expect(await store.markRunning(batchId, 0, 'a')).toBe(true);
    expect(await counts()).toMatchObject({ queued: ITEMS - 1, running: 1 });
    expect((await store.read(batchId))?.batch.status).toBe('running');

    expect(await store.finish(batchId, 0, 'a', 'running', sent)).toBe('sent');
    expect(await counts()).toMatchObject({ queued: ITEMS - 1, running: 0, sent: 1 });
    expect(await total()).toBe(ITEMS);
  });

  it('ends unknown, never again go, an item found running when taken (its worker died)', async () => {
    await store.markRunning(batchId, 1, 'dead-worker');

    expect(await store.claim(batchId, 1)).toEqual({ kind: 'lost' });
    expect(await counts()).toMatchObject({ running: 0, unknown: 1 });
    const page = await store.page(batchId, 0, 10, 'unknown');
    expect(page.items).toEqual([
      expect.objectContaining({
        index: 1,
        state: 'unknown',
        error: expect.objectContaining({ code: 'workerLost' }),
      }),
    ]);
    // The dead worker's late answer changes nothing.
    expect(await store.finish(batchId, 1, 'dead-worker', 'running', sent)).toBeUndefined();
    expect(await store.claim(batchId, 1)).toEqual({ kind: 'done' });
    expect(await total()).toBe(ITEMS);
  });

  it('lets only one attempt mark an item running', async () => {
    expect(await store.markRunning(batchId, 2, 'a')).toBe(true);
    expect(await store.markRunning(batchId, 2, 'a')).toBe(true);
    expect(await store.markRunning(batchId, 2, 'b')).toBe(false);
    expect(await store.finish(batchId, 2, 'b', 'running', sent)).toBeUndefined();
  });

  it('keeps an attempt whose request never left queued, or fails it', async () => {
    const error = { code: 'rateLimited', message: 'full' };

    expect(await store.finish(batchId, 3, 'a', 'queued', { state: 'queued', error })).toBe(
      'queued',
    );
    expect(await counts()).toMatchObject({ queued: ITEMS });
    expect(await store.finish(batchId, 3, 'a', 'queued', { state: 'failed', error })).toBe(
      'failed',
    );
    expect(await counts()).toMatchObject({ queued: ITEMS - 1, failed: 1 });
  });

  it('cancels the queued items at once, and a running one that comes back queued', async () => {
    await store.markRunning(batchId, 0, 'a');

    expect(await store.cancel(batchId)).toBe(ITEMS - 1);
    expect(await store.cancel(batchId)).toBe(0);
    expect(await store.cancel('no-such-batch')).toBeUndefined();
    expect(await counts()).toMatchObject({ queued: 0, running: 1, cancelled: ITEMS - 1 });
    expect((await store.read(batchId))?.batch).toMatchObject({
      status: 'cancelled',
      finishedAt: null,
    });
    expect(await store.claim(batchId, 3)).toEqual({ kind: 'done' });

    const throttled = {
      state: 'queued',
      error: { code: 'Forbidden.AccessDenied.QpsLimitForAppkeyAndApi', message: 'x' },
    } as const;
    expect(await store.finish(batchId, 0, 'a', 'running', throttled)).toBe('cancelled');
    const read = await store.read(batchId);
    expect(read?.batch.counts).toMatchObject({ running: 0, cancelled: ITEMS });
    expect(read?.batch.finishedAt).not.toBeNull();
    expect(read?.batch.status).toBe('cancelled');
  });

  it('is done, with finishedAt, once every item is final', async () => {
    for (let i = 0; i < ITEMS; i++) {
      await store.markRunning(batchId, i, `a${i}`);
      await store.finish(batchId, i, `a${i}`, 'running', sent);
    }

    expect((await store.read(batchId))?.batch).toMatchObject({
      status: 'done',
      finishedAt: expect.any(String),
    });
  });

  it('pages items by index, all or in one state', async () => {
    await store.markRunning(batchId, 1, 'a');
    await store.finish(batchId, 1, 'a', 'running', sent);
    await store.markRunning(batchId, 3, 'b');
    await store.finish(batchId, 3, 'b', 'running', sent);

    const first = await store.page(batchId, 0, 2, undefined);
    const second = await store.page(batchId, Number(first.nextCursor), 3, undefined);
    const sentOnly = await store.page(batchId, 0, 1, 'sent');
    const sentRest = await store.page(batchId, Number(sentOnly.nextCursor), 1, 'sent');

    expect(first.items.map((item) => item.index)).toEqual([0, 1]);
    expect(second.items.map((item) => item.index)).toEqual([2, 3, 4]);
    expect(second.nextCursor).toBeNull();
    expect(sentOnly.items).toEqual([
      expect.objectContaining({ index: 1, result: { file: { id: 'f' } } }),
    ]);
    expect(sentRest.items.map((item) => item.index)).toEqual([3]);
    expect(sentRest.nextCursor).toBeNull();
  });

  it('keeps every key of the batch no longer than the retention', async () => {
    await store.markRunning(batchId, 0, 'a');
    await store.finish(batchId, 0, 'a', 'running', sent);
    const inspector = createClient({ url: SHARED_REDIS_URL });
    await inspector.connect();
    try {
      const found = await inspector.keys(`*batch:{${batchId}}*`);
      expect(found.length).toBeGreaterThanOrEqual(6);
      for (const key of found) {
        const ttl = await inspector.pTTL(key);
        expect(ttl).toBeGreaterThan(0);
        expect(ttl).toBeLessThanOrEqual(60_000);
      }
    } finally {
      inspector.destroy();
    }
  });
});
