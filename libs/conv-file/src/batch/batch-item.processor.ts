import { Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { DingTalkCallOrchestrator } from '../call/dingtalk-call.orchestrator';
import type { DingTalkCallTargets } from '../call/dingtalk-call.targets';
import { withNumericFileFields } from '../conv-file.service';
import { validateConvFileInput } from '../dto/conv-file-input.validator';
import { DingTalkBatchError } from '../errors/dingtalk-batch.error';
import { ConvFileErrorCodes } from '../errors/dingtalk-error.codes';
import { DingTalkError } from '../errors/dingtalk.error';
import { DingTalkErrorMessages as M } from '../messages/dingtalk-error.messages';
import { DingTalkLogMessages } from '../messages/dingtalk-log.messages';
import type { ResolvedConvFileBatchOptions } from '../options/conv-file-batch-options.resolver';
import type { ConvFileTelemetry } from '../telemetry/conv-file.telemetry';
import { outcomeOfFailure } from './batch-item.outcome';
import type { BatchRedisStore, ClaimedItem, ItemOutcome } from './batch-redis.store';

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
 * Processes one job, at most once per item. The call goes the single calls' way (the
 * orchestrator: the batch's app and organization, its token, the shared rate limit, the retry
 * policy); once its rate-limit slot is taken, right before its request may leave, the item is
 * marked `running` for this attempt (atomically, with its counts). So a worker killed while
 * waiting for its turn leaves the item queued, and the job taken over sends it; a job that finds
 * its item `running` (its worker was killed during the call) ends it `unknown` and sends
 * nothing. An attempt that certainly did not run puts the item back in the queue and throws, so
 * BullMQ tries the job again after its backoff; on the last attempt the item ends `failed`.
 */
export class BatchItemProcessor {
  private readonly logger = new Logger('DingTalkBatch');

  constructor(
    private readonly store: BatchRedisStore,
    private readonly calls: DingTalkCallOrchestrator,
    private readonly targets: DingTalkCallTargets,
    private readonly options: Pick<ResolvedConvFileBatchOptions, 'maxAttempts'>,
    private readonly telemetry: ConvFileTelemetry,
  ) {}

  async process(job: BatchJobLike): Promise<void> {
    const { batchId, index } = job.data;
    const claimed = await this.store.claim(batchId, index);
    if (claimed.kind === 'lost') this.telemetry.notify('batchItemEnded', { state: 'unknown' });
    if (claimed.kind !== 'go') return;
    const attempt = randomUUID();
    let from: 'queued' | 'running' = 'queued';
    let taken = false;
    const beforeSend = async () => {
      // Stryker disable next-line ConditionalExpression: markRunning answers true again for this attempt; this saves the call.
      if (from === 'running') return;
      if (!(await this.store.markRunning(batchId, index, attempt))) {
        taken = true;
        throw new DingTalkBatchError(M.batchItemTaken, {
          code: ConvFileErrorCodes.batchItemTaken,
        });
      }
      from = 'running';
    };
    let outcome: ItemOutcome;
    try {
      outcome = { state: 'sent', result: await this.send(claimed, beforeSend) };
    } catch (error) {
      if (taken) return;
      outcome = outcomeOfFailure(error, claimed.api);
      if (!(error instanceof DingTalkError)) {
        const reason = error instanceof Error ? error.name : typeof error;
        this.logger.error(DingTalkLogMessages.batchItemUnexpectedError(batchId, index, reason));
      }
    }
    // A request that never left cannot have been delivered.
    if (from === 'queued' && outcome.state === 'unknown') outcome = { ...outcome, state: 'failed' };
    const lastAttempt = job.attemptsMade + 1 >= this.options.maxAttempts;
    if (outcome.state === 'queued' && lastAttempt) outcome = { ...outcome, state: 'failed' };
    const settled = await this.store.finish(batchId, index, attempt, from, outcome);
    if (settled !== undefined && settled !== 'queued') {
      this.telemetry.notify('batchItemEnded', { state: settled });
    }
    if (outcome.state === 'queued') throw new DingTalkError(outcome.error.message, outcome.error);
  }

  /** The item's call, as its batch's app; `beforeSend` runs right before its request leaves. */
  private async send(
    item: Extract<ClaimedItem, { kind: 'go' }>,
    beforeSend: () => Promise<void>,
  ): Promise<Record<string, unknown>> {
    // A batch stored without an app (none are now) is the default app's.
    const app = item.app ?? this.targets.defaultTarget().app;
    const target = this.targets.resolve(app, { corpId: item.corpId });
    const { unionId, ...body } = validateConvFileInput(item.api, item.input);
    const answer = await this.calls.call(target, item.api, { unionId }, body, { beforeSend });
    return withNumericFileFields(answer);
  }
}
