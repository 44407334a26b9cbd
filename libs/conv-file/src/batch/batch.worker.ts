import {
  Logger,
  type BeforeApplicationShutdown,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import type { Worker } from 'bullmq';
import { DingTalkLogMessages } from '../messages/dingtalk-log.messages';
import type { ResolvedConvFileBatchOptions } from '../options/conv-file-batch-options.resolver';
import { withTimeout } from '../utils/with-timeout.util';
import type { BatchItemProcessor, BatchJobData } from './batch-item.processor';

/** Makes the BullMQ worker that runs `process` for each job, and ends its connection. */
export interface BatchWorkerFactory {
  create(process: (job: { data: BatchJobData; attemptsMade: number }) => Promise<void>): Worker;
  disconnect(): void;
}

/**
 * This instance's share of the work: a BullMQ worker started once the app is up (so every
 * provider a call needs exists) and stopped before the app's providers shut down, waiting up to
 * `shutdownWaitMs` for its items in flight. BullMQ's lock on each job is renewed while it runs;
 * after `stalledAfterMs` without renewal (the instance was killed) another instance takes the
 * job over, and the processor ends an item that was running `unknown`.
 */
export class BatchWorker
  implements OnApplicationBootstrap, BeforeApplicationShutdown, OnApplicationShutdown
{
  private readonly logger = new Logger('DingTalkBatch');
  private worker?: Worker;
  private reportedError = false;

  constructor(
    private readonly factory: BatchWorkerFactory,
    private readonly processor: BatchItemProcessor,
    private readonly options: ResolvedConvFileBatchOptions,
  ) {}

  onApplicationBootstrap(): void {
    if (!this.options.worker) return;
    this.worker = this.factory.create((job) => this.processor.process(job));
    // An error is logged once until the worker works again, so an outage does not flood the log.
    this.worker.on('error', (error: Error) => {
      if (this.reportedError) return;
      this.reportedError = true;
      this.logger.warn(DingTalkLogMessages.batchWorkerError(redactUrls(error.message)));
    });
    this.worker.on('completed', () => {
      this.reportedError = false;
    });
  }

  async beforeApplicationShutdown(): Promise<void> {
    const worker = this.worker;
    if (!worker) return;
    this.worker = undefined;
    const wait = this.options.shutdownWaitMs;
    const closed = await withTimeout(worker.close(), wait).then(
      () => true,
      () => false,
    );
    if (!closed) {
      this.logger.warn(DingTalkLogMessages.batchWorkerCloseTimedOut(wait));
      void worker.close(true).catch(() => undefined);
    }
    this.factory.disconnect();
  }

  onApplicationShutdown(): void {
    this.factory.disconnect();
  }
}

/** Redis errors can quote the connection URL, which may hold a password. */
function redactUrls(text: string): string {
  return text.replace(/rediss?:\/\/\S+/g, 'redis://…');
}
