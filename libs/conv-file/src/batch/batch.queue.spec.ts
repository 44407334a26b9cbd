import type { Queue } from 'bullmq';
import type { ResolvedConvFileBatchOptions } from '../options/conv-file-batch-options.resolver';
import type { BatchJobData } from './batch-item.processor';
import { BATCH_COMMAND_TIMEOUT_MS } from './batch-command.util';
import { BatchQueue } from './batch.queue';

/** A BullMQ queue set up at once whose `addBulk` never answers: Redis hung, or away with BullMQ keeping the command. */
function queueThatNeverAnswers() {
  const queue = {
    on: () => queue,
    waitUntilReady: () => Promise.resolve(),
    addBulk: jest.fn(() => new Promise<never>(() => undefined)),
    close: () => Promise.resolve(),
  };
  const batchQueue = new BatchQueue(
    () => ({ instance: queue as unknown as Queue<BatchJobData>, disconnect: () => undefined }),
    { maxAttempts: 5, retryDelayMs: 1000, shutdownWaitMs: 1000 } as ResolvedConvFileBatchOptions,
  );
  return { batchQueue, queue };
}

describe('BatchQueue', () => {
  afterEach(() => jest.useRealTimers());

  it(`fails with batchesUnavailable when queuing takes longer than ${BATCH_COMMAND_TIMEOUT_MS} ms, instead of hanging the request`, async () => {
    jest.useFakeTimers();
    const { batchQueue, queue } = queueThatNeverAnswers();

    const queued = batchQueue.enqueue('batch-1', 3);
    const outcome = expect(queued).rejects.toMatchObject({ code: 'batchesUnavailable' });
    await jest.advanceTimersByTimeAsync(BATCH_COMMAND_TIMEOUT_MS);

    await outcome;
    expect(queue.addBulk).toHaveBeenCalledTimes(1);
  });

  it('names each job after its item, so that queuing again adds only the missing ones', async () => {
    jest.useFakeTimers();
    const { batchQueue, queue } = queueThatNeverAnswers();

    const queued = batchQueue.enqueue('batch-1', 2).catch(() => undefined);
    await jest.advanceTimersByTimeAsync(BATCH_COMMAND_TIMEOUT_MS);
    await queued;

    const [jobs] = queue.addBulk.mock.calls[0] as unknown as [Array<{ opts: { jobId: string } }>];
    expect(jobs.map((job) => job.opts.jobId)).toEqual(['batch-1-0', 'batch-1-1']);
  });
});
