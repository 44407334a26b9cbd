import { Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { ConvFileClient, ConvFileService } from '../conv-file.service';
import type { SendByAppInput, SendInput, SendLinkInput } from '../dto/conv-file-input.interface';
import { DingTalkError } from '../errors/dingtalk.error';
import { DingTalkLogMessages } from '../messages/dingtalk-log.messages';
import type { ResolvedConvFileBatchOptions } from '../options/conv-file-batch-options.resolver';
import { outcomeOfFailure } from './batch-item.outcome';
import type { BatchRedisStore, ItemOutcome, StartedItem } from './batch-redis.store';

/** What a queued job names: one item of one batch. */
export interface BatchJobData {
  batchId: string;
  index: number;
}

/** What the processor reads of a BullMQ job. */
export interface BatchJobLike {
  data: BatchJobData;
  /** Attempts that ended by throwing (BullMQ's count; a stall does not count). */
  attemptsMade: number;
}

/**
 * Processes one job: at most once per item. The item is marked `running` (atomically, with its
 * counts) before the call; a job that finds its item running already (its worker was killed
 * during the call, or the job is retried after the store failed) ends it `unknown` and sends
 * nothing. The call goes through {@link ConvFileService}, as the batch's app and organization,
 * so it is validated, paced by the shared rate limit and retried as a single call is. An attempt
 * that certainly did not run puts the item back in the queue and throws, so BullMQ tries the job
 * again after its backoff; on the last attempt the item ends `failed` instead.
 */
export class BatchItemProcessor {
  private readonly logger = new Logger('DingTalkBatch');

  constructor(
    private readonly store: BatchRedisStore,
    private readonly convFiles: ConvFileService,
    private readonly options: Pick<ResolvedConvFileBatchOptions, 'maxAttempts'>,
  ) {}

  async process(job: BatchJobLike): Promise<void> {
    const { batchId, index } = job.data;
    const attempt = randomUUID();
    const started = await this.store.start(batchId, index, attempt);
    if (started.kind !== 'go') return;
    let outcome: ItemOutcome;
    try {
      outcome = { state: 'sent', result: await this.send(started) };
    } catch (error) {
      outcome = outcomeOfFailure(error, started.api);
      if (!(error instanceof DingTalkError)) {
        const reason = error instanceof Error ? error.name : typeof error;
        this.logger.error(DingTalkLogMessages.batchItemUnexpectedError(batchId, index, reason));
      }
    }
    const lastAttempt = job.attemptsMade + 1 >= this.options.maxAttempts;
    if (outcome.state === 'queued' && lastAttempt) outcome = { ...outcome, state: 'failed' };
    await this.store.finish(batchId, index, attempt, outcome);
    if (outcome.state === 'queued') throw new DingTalkError(outcome.error.message, outcome.error);
  }

  private async send(item: Extract<StartedItem, { kind: 'go' }>): Promise<Record<string, unknown>> {
    const client: ConvFileClient =
      item.app === undefined
        ? this.convFiles
        : this.convFiles.forApp(item.app, item.corpId === undefined ? {} : { corpId: item.corpId });
    switch (item.api) {
      case 'SendByApp':
        return { ...(await client.sendByApp(item.input as unknown as SendByAppInput)) };
      case 'Send':
        return { ...(await client.send(item.input as unknown as SendInput)) };
      case 'SendLink':
        return { ...(await client.sendLink(item.input as unknown as SendLinkInput)) };
    }
  }
}
