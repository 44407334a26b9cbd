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
  let resolved: Array<[string, object]>;
  let ended: string[];
  let failEnqueue: boolean;

  beforeEach(async () => {
    store = new BatchRedisStore(createClient({ url: SHARED_REDIS_URL }), keys.nextPrefix());
    await store.onModuleInit();
    enqueued = [];
    resolved = [];
    ended = [];
    failEnqueue = false;
    const queue = {
      enqueue: (batchId: string, total: number) => {
        if (failEnqueue) {
          return Promise.reject(new DingTalkBatchError('gone', { code: 'batchesUnavailable' }));
        }
        enqueued.push([batchId, total]);
        return Promise.resolve();
      },
    };
    const targets = {
      defaultTarget: () => ({ app: 'default' }),
      resolve: (app: string, options: object) => {
        resolved.push([app, options]);
        if (app === 'unknown-app') throw new DingTalkBatchError('no app', { code: 'unknownApp' });
        return {};
      },
    };
    service = new QueuedConvFileBatchService(
      store,
      queue as unknown as BatchQueue,
      targets as unknown as DingTalkCallTargets,
      { retentionMs: 60_000 } as ResolvedConvFileBatchOptions,
      new ConvFileTelemetry({ batchItemEnded: ({ state }) => void ended.push(state) }, noTracer),
    );
  });
  afterEach(() => store.onApplicationShutdown());
  afterAll(() => keys.deleteAll());

  const issuesOf = async (query: Record<string, unknown>, batchId?: string) => {
    const id = batchId ?? (await service.create({ api: 'SendByApp', items: ITEMS })).batchId;
    return service.items(id, query as never).then(
      () => 'accepted' as never,
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
    expect(await issuesOf({ limit })).toBe('accepted');
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
    expect(await issuesOf({ cursor })).toBe('accepted');
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

  it('checks the app and corpId as a single call does, before storing anything', async () => {
    await service.create({ api: 'SendByApp', items: ITEMS });
    await service.create({ api: 'SendByApp', items: ITEMS, app: 'isv', corpId: 'corp-1' });
    await expect(
      service.create({ api: 'SendByApp', items: ITEMS, app: 'unknown-app' }),
    ).rejects.toMatchObject({ code: 'unknownApp' });

    expect(resolved).toEqual([
      ['default', {}],
      ['isv', { corpId: 'corp-1' }],
      ['unknown-app', {}],
    ]);
    expect(enqueued).toHaveLength(2);
  });

  it('refuses a missing body with a validation error, not a TypeError', async () => {
    await expect(service.create(undefined as never)).rejects.toMatchObject({
      details: [expect.objectContaining({ field: 'api' })],
    });
  });

  it('refuses a malformed Idempotency-Key by name, before storing anything', async () => {
    const create = jest.spyOn(store, 'create');

    await expect(
      service.create({ api: 'SendByApp', items: ITEMS }, { idempotencyKey: 'bad key\n' }),
    ).rejects.toMatchObject({ details: [expect.objectContaining({ field: 'idempotencyKey' })] });
    expect(create).not.toHaveBeenCalled();
  });

  it('counts the organization in the request an Idempotency-Key stands for', async () => {
    const input = { api: 'SendByApp', items: ITEMS, app: 'isv' } as const;
    await service.create({ ...input, corpId: 'corp-1' }, { idempotencyKey: 'k-3' });

    await expect(
      service.create({ ...input, corpId: 'corp-2' }, { idempotencyKey: 'k-3' }),
    ).rejects.toMatchObject({ code: 'idempotencyKeyReused' });
    await expect(service.create(input, { idempotencyKey: 'k-3' })).rejects.toMatchObject({
      code: 'idempotencyKeyReused',
    });
  });

  it('answers a repeated Idempotency-Key from the key, storing no second batch', async () => {
    const create = jest.spyOn(store, 'create');
    await service.create({ api: 'SendByApp', items: ITEMS }, { idempotencyKey: 'k-4' });
    await service.create({ api: 'SendByApp', items: ITEMS }, { idempotencyKey: 'k-4' });

    expect(create).toHaveBeenCalledTimes(1);
  });

  it('discards its own batch when another request claimed the Idempotency-Key first', async () => {
    const first = await service.create(
      { api: 'SendByApp', items: ITEMS },
      { idempotencyKey: 'k-5' },
    );
    // The race: the key was free when this request looked, and taken when it claimed it.
    jest.spyOn(store, 'idempotencyKeyHolder').mockResolvedValueOnce(undefined);
    const create = jest.spyOn(store, 'create');
    const discard = jest.spyOn(store, 'discard');

    const again = await service.create(
      { api: 'SendByApp', items: ITEMS },
      { idempotencyKey: 'k-5' },
    );

    expect(again.batchId).toBe(first.batchId);
    const lost = (create.mock.calls[0] as [{ batchId: string }])[0].batchId;
    expect(discard).toHaveBeenCalledWith(lost);
    expect(await store.read(lost)).toBeUndefined();
    expect(enqueued).toEqual([[first.batchId, 1]]);
  });

  it('finishes queuing a batch whose first request failed, when its Idempotency-Key comes back', async () => {
    failEnqueue = true;
    const input = { api: 'SendByApp', items: [...ITEMS, ...ITEMS] } as const;
    await expect(service.create(input, { idempotencyKey: 'k-6' })).rejects.toMatchObject({
      code: 'batchesUnavailable',
    });
    failEnqueue = false;

    const batch = await service.create(input, { idempotencyKey: 'k-6' });

    expect(enqueued).toEqual([[batch.batchId, 2]]);
    expect((await store.read(batch.batchId))?.enqueued).toBe(true);
    await service.create(input, { idempotencyKey: 'k-6' });
    expect(enqueued).toHaveLength(1);
  });

  it('pages from the cursor given, from the first item without one', async () => {
    const { batchId } = await service.create({
      api: 'SendByApp',
      items: [ITEMS[0], ITEMS[0], ITEMS[0]],
    });

    expect((await service.items(batchId, { limit: 1 })).items.map((i) => i.index)).toEqual([0]);
    expect(
      (await service.items(batchId, { limit: 1, cursor: '2' })).items.map((i) => i.index),
    ).toEqual([2]);
  });

  it('reports each item a cancel ended to the observer, once', async () => {
    const { batchId } = await service.create({ api: 'SendByApp', items: [...ITEMS, ...ITEMS] });

    expect(await service.cancel(batchId)).toMatchObject({ status: 'cancelled' });
    expect(ended).toEqual(['cancelled', 'cancelled']);
    await service.cancel(batchId);
    expect(ended).toHaveLength(2);
  });

  it('never looks up an id that is not a lower-case UUID, nor one that is no string even if it reads as a batch id', async () => {
    const { batchId } = await service.create({ api: 'SendByApp', items: ITEMS }, { owner: 'me' });
    const read = jest.spyOn(store, 'read');

    for (const id of ['batch-1', 42, '{x}', undefined, { toString: () => batchId }]) {
      await expect(service.get(id as never, { owner: 'me' })).rejects.toMatchObject({
        code: 'batchNotFound',
      });
    }
    expect(read).not.toHaveBeenCalled();
  });
});
