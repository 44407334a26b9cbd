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

/** A BullMQ queue whose set-up and answers are the test's: `addBulk` answers at once. */
function queueThatAnswers(ready: Promise<void> = Promise.resolve()) {
  const queue = {
    on: () => queue,
    waitUntilReady: () => ready,
    addBulk: jest.fn((_jobs: unknown[]) => Promise.resolve([])),
    close: jest.fn(() => Promise.resolve()),
  };
  const batchQueue = new BatchQueue(
    () => ({ instance: queue as unknown as Queue<BatchJobData>, disconnect: () => undefined }),
    { maxAttempts: 5, retryDelayMs: 1500, shutdownWaitMs: 1000 } as ResolvedConvFileBatchOptions,
  );
  return { batchQueue, queue };
}

type AddedJob = { name: string; data: BatchJobData; opts: Record<string, unknown> };
const added = (queue: ReturnType<typeof queueThatAnswers>['queue']) =>
  queue.addBulk.mock.calls.map(([jobs]) => jobs as AddedJob[]);

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

  it('adds the jobs 500 per command, in the order of the items', async () => {
    const { batchQueue, queue } = queueThatAnswers();

    await batchQueue.enqueue('batch-1', 1001);

    const commands = added(queue);
    expect(commands.map((jobs) => jobs.length)).toEqual([500, 500, 1]);
    expect(commands.flat().map((job) => job.data.index)).toEqual(
      Array.from({ length: 1001 }, (_, index) => index),
    );
    expect(commands[1][0].opts.jobId).toBe('batch-1-500');
    expect(commands[2][0].opts.jobId).toBe('batch-1-1000');
  });

  it('adds exactly 500 jobs in one command', async () => {
    const { batchQueue, queue } = queueThatAnswers();

    await batchQueue.enqueue('batch-1', 500);

    expect(added(queue).map((jobs) => jobs.length)).toEqual([500]);
  });

  it('adds nothing for no items', async () => {
    const { batchQueue, queue } = queueThatAnswers();

    await batchQueue.enqueue('batch-1', 0);

    expect(queue.addBulk).not.toHaveBeenCalled();
  });

  it('gives each job its item, maxAttempts + 1 attempts, an exponential backoff from retryDelayMs, and no trace once done', async () => {
    const { batchQueue, queue } = queueThatAnswers();

    await batchQueue.enqueue('batch-1', 1);

    expect(added(queue)).toEqual([
      [
        {
          name: 'item',
          data: { batchId: 'batch-1', index: 0 },
          opts: {
            jobId: 'batch-1-0',
            attempts: 6,
            backoff: { type: 'exponential', delay: 1500 },
            removeOnComplete: true,
            removeOnFail: true,
          },
        },
      ],
    ]);
  });

  it('fails with batchesUnavailable, adding nothing, while no queue could be set up', async () => {
    jest.useFakeTimers({ doNotFake: ['setImmediate'] });
    const { batchQueue, queue } = queueThatAnswers(
      Promise.reject(new Error('Socket closed unexpectedly')),
    );
    await new Promise<void>((resolve) => setImmediate(resolve));

    await expect(batchQueue.enqueue('batch-1', 1)).rejects.toMatchObject({
      code: 'batchesUnavailable',
    });
    expect(queue.addBulk).not.toHaveBeenCalled();
    await batchQueue.onApplicationShutdown();
  });

  it('closes its queue at application shutdown', async () => {
    const { batchQueue, queue } = queueThatAnswers();

    await batchQueue.onApplicationShutdown();

    expect(queue.close).toHaveBeenCalledTimes(1);
  });
});
