import type { DingTalkCallTargets } from '../call/dingtalk-call.targets';
import { DingTalkBatchError } from '../errors/dingtalk-batch.error';
import type { ResolvedConvFileBatchOptions } from '../options/conv-file-batch-options.resolver';
import { ConvFileTelemetry } from '../telemetry/conv-file.telemetry';
import { noTracer } from '../telemetry/dingtalk.tracer';
import type { BatchRedisStore } from './batch-redis.store';
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
