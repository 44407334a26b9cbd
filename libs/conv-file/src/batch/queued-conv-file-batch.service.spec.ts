import { createClient } from '@redis/client';
import { SHARED_REDIS_URL, SharedRedisKeys } from '../../testing/shared-redis.test-helper';
import type { DingTalkCallTargets } from '../call/dingtalk-call.targets';
import { DingTalkBatchError } from '../errors/dingtalk-batch.error';
import type { ResolvedConvFileBatchOptions } from '../options/conv-file-batch-options.resolver';
import { ConvFileTelemetry } from '../telemetry/conv-file.telemetry';
import { noTracer } from '../telemetry/dingtalk.tracer';
import { BatchRedisStore } from './batch-redis.store';
import type { BatchQueue } from './batch.queue';
import { QueuedConvFileBatchService } from './queued-conv-file-batch.service';

const ITEMS = [{ unionId: 'union-1', spaceId: 'space-1', dentryId: 'file-1' }];

/** The batch service on a store that works and a queue that fails part-way (Redis went away). */
function serviceWithFailingQueue() {
  const store = {
    idempotencyKeyOf: (digest: string) => digest,
    idempotencyKeyHolder: jest.fn(() => Promise.resolve(undefined)),
    claimIdempotencyKey: jest.fn((_key: string, batchId: string) => Promise.resolve(batchId)),
    create: jest.fn(() => Promise.resolve()),
    markEnqueued: jest.fn(() => Promise.resolve()),
    cancel: jest.fn(() => Promise.resolve(1)),
  };
  const queue = {
    enqueue: jest.fn(() =>
      Promise.reject(new DingTalkBatchError('gone', { code: 'batchesUnavailable' })),
    ),
  };
  const targets = { defaultTarget: () => ({ app: 'default' }), resolve: () => ({}) };
  const service = new QueuedConvFileBatchService(
    store as unknown as BatchRedisStore,
    queue as unknown as BatchQueue,
    targets as unknown as DingTalkCallTargets,
    { retentionMs: 60_000 } as ResolvedConvFileBatchOptions,
    new ConvFileTelemetry(undefined, noTracer),
  );
  return { service, store };
}

describe('QueuedConvFileBatchService when queuing fails part-way', () => {
  it('cancels the batch before answering the failure, so that a retried POST cannot send its first items twice', async () => {
    const { service, store } = serviceWithFailingQueue();

    await expect(service.create({ api: 'SendByApp', items: ITEMS })).rejects.toMatchObject({
      code: 'batchesUnavailable',
    });

    const created = (store.create.mock.calls[0] as unknown as [{ batchId: string }])[0];
    expect(store.cancel).toHaveBeenCalledWith(created.batchId);
    expect(store.markEnqueued).not.toHaveBeenCalled();
  });

  it('keeps the batch with an Idempotency-Key: the retry with that key finishes queuing it', async () => {
    const { service, store } = serviceWithFailingQueue();

    await expect(
      service.create({ api: 'SendByApp', items: ITEMS }, { idempotencyKey: 'payroll-2026-11' }),
    ).rejects.toMatchObject({ code: 'batchesUnavailable' });

    expect(store.cancel).not.toHaveBeenCalled();
  });
});

describe('QueuedConvFileBatchService on a real store (the shared Redis)', () => {
  const keys = new SharedRedisKeys();
  let store: BatchRedisStore;
  let enqueued: Array<[string, number]>;
  let service: QueuedConvFileBatchService;

  beforeEach(async () => {
    store = new BatchRedisStore(createClient({ url: SHARED_REDIS_URL }), keys.nextPrefix());
    await store.onModuleInit();
    enqueued = [];
    const queue = {
      enqueue: (batchId: string, total: number) => {
        enqueued.push([batchId, total]);
        return Promise.resolve();
      },
    };
    const targets = { defaultTarget: () => ({ app: 'default' }), resolve: () => ({}) };
    service = new QueuedConvFileBatchService(
      store,
      queue as unknown as BatchQueue,
      targets as unknown as DingTalkCallTargets,
      { retentionMs: 60_000 } as ResolvedConvFileBatchOptions,
      new ConvFileTelemetry(undefined, noTracer),
    );
  });
  afterEach(() => store.onApplicationShutdown());
  afterAll(() => keys.deleteAll());

  const issuesOf = async (query: Record<string, unknown>, batchId?: string) => {
    const id = batchId ?? (await service.create({ api: 'SendByApp', items: ITEMS })).batchId;
    return service.items(id, query as never).then(
      () => [],
      (error: { details?: Array<{ field: string; rule: string; message: string }> }) => {
        // Only a validation error names fields: any other failure fails the test.
        if (!error.details) throw error as Error;
        return error.details;
      },
    );
  };

  it('creates the batch queued, all its items queued, and marks it queued once every job is added', async () => {
    const batch = await service.create({ api: 'SendByApp', items: [...ITEMS, ...ITEMS] });

    expect(enqueued).toEqual([[batch.batchId, 2]]);
    expect(batch).toMatchObject({ api: 'SendByApp', status: 'queued', total: 2 });
    expect((await store.read(batch.batchId))?.enqueued).toBe(true);
  });

  it.each([[1], [1000]])('accepts a page of %i items', async (limit) => {
    expect(await issuesOf({ limit })).toEqual([]);
  });

  it.each([[0], [1001], [1.5], ['10']])('refuses a page of %p items', async (limit) => {
    expect(await issuesOf({ limit })).toEqual([
      {
        field: 'limit',
        rule: 'isInt',
        message: 'limit must be a whole number from 1 to 1000',
      },
    ]);
  });

  it.each([['0'], ['99999']])('accepts the cursor %p', async (cursor) => {
    expect(await issuesOf({ cursor })).toEqual([]);
  });

  it.each([['100000'], [''], ['1a'], ['-1'], [5]])('refuses the cursor %p', async (cursor) => {
    expect(await issuesOf({ cursor })).toEqual([
      {
        field: 'cursor',
        rule: 'isCursor',
        message: 'cursor must be a cursor returned by an earlier page',
      },
    ]);
  });

  it('names every bad query parameter at once: state, limit, cursor', async () => {
    const issues = await issuesOf({ state: 'lost', limit: 0, cursor: 'x' });

    expect(issues.map((issue) => [issue.field, issue.rule])).toEqual([
      ['state', 'isIn'],
      ['limit', 'isInt'],
      ['cursor', 'isCursor'],
    ]);
    expect(issues[0].message).toBe(
      'state must be one of queued, running, sent, failed, unknown, cancelled',
    );
  });

  it('refuses the query before looking the batch up', async () => {
    expect(await issuesOf({ limit: 0 }, 'not-a-batch')).toEqual([
      expect.objectContaining({ field: 'limit' }),
    ]);
  });

  it.each([
    ['an id that is not a UUID', 'batch-1', undefined],
    ['an upper-case UUID', 'upper', undefined],
    ["another owner's batch", 'created', 'someone-else'],
    ['a UUID no batch has', '00000000-0000-4000-8000-000000000000', undefined],
  ])('answers batchNotFound for %s', async (_case, id, owner) => {
    const created = await service.create({ api: 'SendByApp', items: ITEMS }, { owner: 'me' });
    const batchId =
      id === 'created' ? created.batchId : id === 'upper' ? created.batchId.toUpperCase() : id;

    await expect(service.get(batchId, { owner })).rejects.toMatchObject({
      code: 'batchNotFound',
      message: 'No batch has this id',
    });
    await expect(service.get(created.batchId, { owner: 'me' })).resolves.toMatchObject({
      batchId: created.batchId,
    });
  });

  it('answers the same batch, queued once, for the same request with the same Idempotency-Key', async () => {
    const first = await service.create(
      { api: 'SendByApp', items: ITEMS },
      { idempotencyKey: 'k-1' },
    );
    const again = await service.create(
      { api: 'SendByApp', items: ITEMS },
      { idempotencyKey: 'k-1' },
    );

    expect(again.batchId).toBe(first.batchId);
    expect(enqueued).toEqual([[first.batchId, 1]]);
  });

  it('refuses an Idempotency-Key reused for another request, and keeps keys apart per owner', async () => {
    await service.create({ api: 'SendByApp', items: ITEMS }, { idempotencyKey: 'k-2' });
    const other = [{ ...ITEMS[0], unionId: 'union-2' }];

    await expect(
      service.create({ api: 'SendByApp', items: other }, { idempotencyKey: 'k-2' }),
    ).rejects.toMatchObject({ code: 'idempotencyKeyReused' });
    const someoneElses = await service.create(
      { api: 'SendByApp', items: other },
      { idempotencyKey: 'k-2', owner: 'someone-else' },
    );
    expect(someoneElses.total).toBe(1);
    expect(enqueued).toHaveLength(2);
  });
});
