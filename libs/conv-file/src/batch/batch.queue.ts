import type { OnApplicationShutdown } from '@nestjs/common';
import type { Queue } from 'bullmq';
import type { ResolvedConvFileBatchOptions } from '../options/conv-file-batch-options.resolver';
import type { BatchJobData } from './batch-item.processor';
import { batchesUnavailable, guardBatchCommand } from './batch-command.util';
import { BullMqSetUpSupervisor, type MadeBullMqInstance } from './bullmq-set-up.supervisor';

/** The BullMQ queue's name, under the module's Redis key prefix. */
export const BATCH_QUEUE_NAME = 'conv-file-batches';

/** Jobs added per command. */
const CHUNK = 500;

/**
 * The BullMQ queue of batch items: one job per item, its id `<batchId>-<index>`, so queuing a
 * batch again (after a crash while it was queued) adds only the jobs that are missing. BullMQ
 * retries a job after an attempt that certainly did not run, with exponential backoff; one attempt
 * more than `maxAttempts` is allowed, for a job whose item could not be settled (Redis failed):
 * that attempt finds the item running and ends it `unknown`. A queue whose connection could not be
 * set up is replaced ({@link BullMqSetUpSupervisor}); until then, queuing fails as while Redis is away.
 */
export class BatchQueue implements OnApplicationShutdown {
  private readonly supervisor: BullMqSetUpSupervisor<Queue<BatchJobData>>;

  constructor(
    /** A queue on a connection of its own, and how to end it (BullMQ leaves a given connection open). */
    make: () => MadeBullMqInstance<Queue<BatchJobData>>,
    private readonly options: ResolvedConvFileBatchOptions,
  ) {
    this.supervisor = new BullMqSetUpSupervisor(() => {
      const made = make();
      made.instance.on('error', () => undefined);
      return made;
    });
    this.supervisor.start();
  }

  async enqueue(batchId: string, total: number): Promise<void> {
    const queue = this.supervisor.current;
    if (!queue) throw batchesUnavailable();
    for (let from = 0; from < total; from += CHUNK) {
      const jobs = Array.from({ length: Math.min(CHUNK, total - from) }, (_, offset) => {
        const index = from + offset;
        return {
          name: 'item',
          data: { batchId, index },
          opts: {
            jobId: `${batchId}-${index}`,
            attempts: this.options.maxAttempts + 1,
            backoff: { type: 'exponential', delay: this.options.retryDelayMs },
            removeOnComplete: true,
            removeOnFail: true,
          },
        };
      });
      // BullMQ's connection keeps commands while Redis is away: without a limit, a request would
      // hang for the whole outage. Jobs added late are harmless: their ids are the items', and an
      // item of a cancelled batch is not sent.
      await guardBatchCommand(queue.addBulk(jobs));
    }
  }

  async onApplicationShutdown(): Promise<void> {
    await this.supervisor.shutDown(this.options.shutdownWaitMs, (queue) => queue.close());
  }
}
