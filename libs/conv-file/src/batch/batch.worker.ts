import {
  Logger,
  type BeforeApplicationShutdown,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import type { Worker } from 'bullmq';
import { DingTalkLogMessages } from '../messages/dingtalk-log.messages';
import type { ResolvedConvFileBatchOptions } from '../options/conv-file-batch-options.resolver';
import { redactUrls } from '../redis/dingtalk-redis.connection';
import type { BatchItemProcessor, BatchJobData } from './batch-item.processor';
import { BullMqSetUpSupervisor, type MadeBullMqInstance } from './bullmq-set-up.supervisor';

/** Makes a BullMQ worker, not yet running, that runs `process` for each job, on connections of its own. */
export interface BatchWorkerFactory {
  create(
    process: (job: { data: BatchJobData; attemptsMade: number }) => Promise<void>,
  ): MadeBullMqInstance<Worker>;
}

/**
 * This instance's share of the work: a BullMQ worker started once the app is up (so every
 * provider a call needs exists) and stopped before the app's providers shut down, waiting up to
 * `shutdownWaitMs` for its items in flight. BullMQ's lock on each job is renewed while it runs;
 * after `stalledAfterMs` without renewal (the instance was killed) another instance takes the
 * job over, and the processor ends an item that was running `unknown`. The worker's loop starts
 * only once its connections are set up; a worker whose set-up failed is replaced
 * ({@link BullMqSetUpSupervisor}).
 */
export class BatchWorker
  implements OnApplicationBootstrap, BeforeApplicationShutdown, OnApplicationShutdown
{
  private readonly logger = new Logger('DingTalkBatch');
  private readonly supervisor: BullMqSetUpSupervisor<Worker>;
  private reportedError = false;

  constructor(
    factory: BatchWorkerFactory,
    private readonly processor: BatchItemProcessor,
    private readonly options: ResolvedConvFileBatchOptions,
  ) {
    this.supervisor = new BullMqSetUpSupervisor(
      () => this.make(factory),
      (worker) => void worker.run().catch((error: Error) => this.report(error)),
    );
  }

  onApplicationBootstrap(): void {
    if (this.options.worker) this.supervisor.start();
  }

  async beforeApplicationShutdown(): Promise<void> {
    const wait = this.options.shutdownWaitMs;
    // A worker closed while it still sets up its connections can leave its blocking connection
    // open (node-redis ignores an end while it connects), so the set-up may finish first.
    const closed = await this.supervisor.shutDown(wait, (worker) => {
      const close = () => worker.close();
      return worker.waitUntilReady().then(close, close);
    });
    if (!closed) this.logger.warn(DingTalkLogMessages.batchWorkerCloseTimedOut(wait));
  }

  onApplicationShutdown(): void {
    this.supervisor.disconnect();
  }

  private make(factory: BatchWorkerFactory): MadeBullMqInstance<Worker> {
    const made = factory.create((job) => this.processor.process(job));
    made.instance.on('error', (error: Error) => this.report(error));
    made.instance.on('completed', () => {
      this.reportedError = false;
    });
    return made;
  }

  /** An error is logged once until the worker works again, so an outage does not flood the log. */
  private report(error: Error): void {
    if (this.reportedError) return;
    this.reportedError = true;
    this.logger.warn(DingTalkLogMessages.batchWorkerError(redactUrls(error.message)));
  }
}
