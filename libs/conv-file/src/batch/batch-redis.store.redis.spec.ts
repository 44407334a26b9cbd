import { createClient, type RedisClientType } from '@redis/client';
import { randomUUID } from 'node:crypto';
import { SHARED_REDIS_URL, SharedRedisKeys } from '../../testing/shared-redis.test-helper';
import { BatchRedisStore } from './batch-redis.store';

const ITEMS = 5;
const sent = { state: 'sent', result: { file: { id: 'f' } } } as const;

describe('BatchRedisStore (on the shared Redis)', () => {
  const keys = new SharedRedisKeys();
  let store: BatchRedisStore;
  let client: RedisClientType;
  let batchId: string;
  let inspector: RedisClientType;

  beforeAll(async () => {
    inspector = createClient({ url: SHARED_REDIS_URL });
    await inspector.connect();
  });
  afterAll(() => inspector.destroy());

  beforeEach(async () => {
    client = createClient({ url: SHARED_REDIS_URL });
    store = new BatchRedisStore(client, keys.nextPrefix());
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

  /** Every key of a batch, with its time to live in ms. */
  const keysOf = async (id: string) => {
    const found = await inspector.keys(`*batch:{${id}}*`);
    return Promise.all(found.map(async (key) => [key, await inspector.pTTL(key)] as const));
  };
  const items = (count: number) =>
    Array.from({ length: count }, (_, i) => ({ unionId: `u${i}`, spaceId: 's', dentryId: 'd' }));
  const createBatch = async (count: number, extra: { app?: string; corpId?: string } = {}) => {
    const id = randomUUID();
    const now = Date.now();
    await store.create({
      batchId: id,
      api: 'SendByApp',
      ...extra,
      owner: 'key-1',
      fingerprint: 'f',
      items: items(count),
      createdAt: now,
      expiresAt: now + 60_000,
    });
    return id;
  };

  it('expires every key it stores with the batch, before any item ends', async () => {
    const found = await keysOf(batchId);

    expect(found.map(([key]) => key.slice(key.indexOf('}') + 1)).sort()).toEqual([
      ':in:queued',
      ':input',
      ':meta',
      ':state',
    ]);
    for (const [, ttl] of found) {
      expect(ttl).toBeGreaterThan(0);
      expect(ttl).toBeLessThanOrEqual(60_000);
    }
  });

  it('reads the owner, the fingerprint, and enqueued only once marked', async () => {
    expect(await store.read(batchId)).toMatchObject({
      owner: 'key-1',
      fingerprint: 'f',
      enqueued: false,
    });
    await store.markEnqueued(batchId);
    expect((await store.read(batchId))?.enqueued).toBe(true);
  });

  it('gives a worker the app and corpId the batch was stored with, and none when it had none', async () => {
    const withCorp = await createBatch(1, { app: 'isv', corpId: 'corp-1' });
    const without = await createBatch(1);

    expect(await store.claim(withCorp, 0)).toMatchObject({ app: 'isv', corpId: 'corp-1' });
    const claimed = await store.claim(without, 0);
    expect(claimed).toMatchObject({ kind: 'go', input: { unionId: 'u0' } });
    expect(claimed).toHaveProperty('app', undefined);
    expect(claimed).toHaveProperty('corpId', undefined);
  });

  it.each([1000, 2001])(
    'stores all of %p items, in chunks, each under its own index',
    async (count) => {
      const id = await createBatch(count);

      expect((await store.read(id))?.batch).toMatchObject({ total: count });
      expect((await store.read(id))?.batch.counts.queued).toBe(count);
      for (const index of [0, 999, count - 1]) {
        expect(await store.claim(id, index)).toMatchObject({ input: { unionId: `u${index}` } });
      }
      expect(await inspector.hLen(`${(await keysOf(id))[0][0].split('}')[0]}}:input`)).toBe(count);
    },
  );

  it('deletes every key of a discarded batch', async () => {
    await store.discard(batchId);

    expect(await keysOf(batchId)).toEqual([]);
    expect(await store.read(batchId)).toBeUndefined();
  });

  it('claims an idempotency key once, until it expires: later claims get the first batch', async () => {
    const key = store.idempotencyKeyOf(`digest-${randomUUID()}`);
    const expiresAt = Date.now() + 30_000;

    expect(await store.claimIdempotencyKey(key, 'first', expiresAt)).toBe('first');
    expect(await store.claimIdempotencyKey(key, 'second', expiresAt)).toBe('first');
    expect(await store.idempotencyKeyHolder(key)).toBe('first');
    const ttl = await inspector.pTTL(key);
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(30_000);
    await inspector.del(key);
    expect(await store.idempotencyKeyHolder(key)).toBeUndefined();
  });

  it("listens to its client's errors (a connection error must not crash the process) and ends it at shutdown", async () => {
    expect(() => client.emit('error', new Error('connection lost'))).not.toThrow();
    expect(client.isOpen).toBe(true);

    store.onApplicationShutdown();

    await new Promise<void>((ended) => (client.isOpen ? client.once('end', ended) : ended()));
    expect(client.isOpen).toBe(false);
  });

  it('pages a failed item with its error only, a sent one with its result only', async () => {
    const error = { code: 'Forbidden', message: 'no' };
    await store.finish(batchId, 0, 'a', 'queued', { state: 'failed', error });
    await store.markRunning(batchId, 1, 'b');
    await store.finish(batchId, 1, 'b', 'running', sent);

    const { items: paged } = await store.page(batchId, 0, 3, undefined);
    expect(paged.map((item) => Object.keys(item).sort())).toEqual([
      ['error', 'index', 'input', 'state'],
      ['index', 'input', 'result', 'state'],
      ['index', 'input', 'state'],
    ]);
    expect(paged[0].error).toEqual(error);
    expect(paged[1].result).toEqual(sent.result);
  });

  it('marks a batch cancelled with nothing running finished at the time of the cancel', async () => {
    const before = Date.now();
    await store.cancel(batchId);
    const after = Date.now();

    const finishedAt = Date.parse((await store.read(batchId))!.batch.finishedAt!);
    expect(finishedAt).toBeGreaterThanOrEqual(before);
    expect(finishedAt).toBeLessThanOrEqual(after);
  });
});
