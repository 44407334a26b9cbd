import { createHash, randomUUID } from 'node:crypto';
import type { DingTalkCallTargets } from '../call/dingtalk-call.targets';
import { validationError } from '../dto/conv-file-input.validator';
import { dingTalkIdIssue } from '../dto/dingtalk-id.rules';
import { ConvFileErrorCodes } from '../errors/dingtalk-error.codes';
import { DingTalkBatchError } from '../errors/dingtalk-batch.error';
import type { DingTalkValidationIssue } from '../errors/dingtalk-validation.error';
import { DingTalkErrorMessages as M } from '../messages/dingtalk-error.messages';
import type { ResolvedConvFileBatchOptions } from '../options/conv-file-batch-options.resolver';
import { validateBatchItems } from './batch-items.validator';
import type { BatchMeta, BatchRedisStore } from './batch-redis.store';
import type { BatchQueue } from './batch.queue';
import { ConvFileBatchService } from './conv-file-batch.service';
import {
  CONV_FILE_BATCH_ITEM_STATES,
  type ConvFileBatch,
  type ConvFileBatchItemPage,
  type ConvFileBatchItemQuery,
  type ConvFileBatchScope,
  type CreateConvFileBatchInput,
  type CreateConvFileBatchScope,
} from './conv-file-batch.interface';
import type { ConvFileTelemetry } from '../telemetry/conv-file.telemetry';

/** Items per page of {@link ConvFileBatchService.items}. */
const DEFAULT_PAGE = 100;
const MAX_PAGE = 1000;
/** Batch ids are UUIDs; anything else names no batch. */
const BATCH_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const CURSOR = /^\d{1,5}$/;

/**
 * {@link ConvFileBatchService} on the batch store (Redis) and the BullMQ queue: a batch is
 * checked, stored with every item queued, then one job per item is queued.
 */
export class QueuedConvFileBatchService extends ConvFileBatchService {
  constructor(
    private readonly store: BatchRedisStore,
    private readonly queue: BatchQueue,
    private readonly targets: DingTalkCallTargets,
    private readonly options: ResolvedConvFileBatchOptions,
    private readonly telemetry: ConvFileTelemetry,
  ) {
    super();
  }

  override async create(
    input: CreateConvFileBatchInput,
    scope: CreateConvFileBatchScope = {},
  ): Promise<ConvFileBatch> {
    const { api, items } = validateBatchItems(input?.api, input?.items);
    // The app and organization are checked as the single calls check them: refused now, not later.
    const corpId = input.corpId;
    const app = input.app ?? this.targets.defaultTarget().app;
    this.targets.resolve(app, { corpId });
    const owner = scope.owner ?? '';
    const fingerprint = digest(JSON.stringify({ api, app, corpId: corpId ?? null, items }));
    const idempotencyKey = this.idempotencyKeyOf(owner, scope.idempotencyKey);

    if (idempotencyKey !== undefined) {
      const holder = await this.store.idempotencyKeyHolder(idempotencyKey);
      if (holder !== undefined) return this.replay(holder, owner, fingerprint);
    }
    const batchId = randomUUID();
    const createdAt = Date.now();
    const expiresAt = createdAt + this.options.retentionMs;
    await this.store.create({
      batchId,
      api,
      app,
      corpId,
      owner,
      fingerprint,
      items,
      createdAt,
      expiresAt,
    });
    if (idempotencyKey !== undefined) {
      const holder = await this.store.claimIdempotencyKey(idempotencyKey, batchId, expiresAt);
      if (holder !== batchId) {
        await this.store.discard(batchId);
        return this.replay(holder, owner, fingerprint);
      }
    }
    try {
      await this.queue.enqueue(batchId, items.length);
      await this.store.markEnqueued(batchId);
    } catch (error) {
      // Some items may be queued already, and the caller is told to try again: without an
      // idempotency key that retry is a new batch, so cancel this one (best effort) rather than
      // send its first items twice. With a key, the retry finishes queuing this batch instead.
      if (idempotencyKey === undefined) await this.store.cancel(batchId).catch(() => undefined);
      throw error;
    }
    return (await this.meta(batchId, owner)).batch;
  }

  override async get(batchId: string, scope: ConvFileBatchScope = {}): Promise<ConvFileBatch> {
    return (await this.meta(batchId, scope.owner ?? '')).batch;
  }

  override async items(
    batchId: string,
    query: ConvFileBatchItemQuery = {},
    scope: ConvFileBatchScope = {},
  ): Promise<ConvFileBatchItemPage> {
    const issues: DingTalkValidationIssue[] = [];
    const { state, limit = DEFAULT_PAGE, cursor } = query;
    if (
      state !== undefined &&
      !(CONV_FILE_BATCH_ITEM_STATES as readonly unknown[]).includes(state)
    ) {
      issues.push({
        field: 'state',
        rule: 'isIn',
        message: M.batchState(CONV_FILE_BATCH_ITEM_STATES),
      });
    }
    if (!Number.isInteger(limit) || limit < 1 || limit > MAX_PAGE) {
      issues.push({ field: 'limit', rule: 'isInt', message: M.batchLimit(MAX_PAGE) });
    }
    if (cursor !== undefined && (typeof cursor !== 'string' || !CURSOR.test(cursor))) {
      issues.push({ field: 'cursor', rule: 'isCursor', message: M.batchCursor });
    }
    if (issues.length > 0) throw validationError(issues, undefined);
    await this.meta(batchId, scope.owner ?? '');
    return this.store.page(batchId, cursor === undefined ? 0 : Number(cursor), limit, state);
  }

  override async cancel(batchId: string, scope: ConvFileBatchScope = {}): Promise<ConvFileBatch> {
    const owner = scope.owner ?? '';
    await this.meta(batchId, owner);
    const cancelled = (await this.store.cancel(batchId)) ?? 0;
    for (let i = 0; i < cancelled; i++) {
      this.telemetry.notify('batchItemEnded', { state: 'cancelled' });
    }
    return (await this.meta(batchId, owner)).batch;
  }

  /** The batch an idempotency key created: the same request gets it, another is refused. */
  private async replay(
    batchId: string,
    owner: string,
    fingerprint: string,
  ): Promise<ConvFileBatch> {
    const meta = await this.meta(batchId, owner);
    if (meta.fingerprint !== fingerprint) {
      throw new DingTalkBatchError(M.idempotencyKeyReused, {
        code: ConvFileErrorCodes.idempotencyKeyReused,
      });
    }
    if (!meta.enqueued) {
      // The request that created it stopped before queuing every item: finish that now.
      await this.queue.enqueue(batchId, meta.batch.total);
      await this.store.markEnqueued(batchId);
    }
    return meta.batch;
  }

  private async meta(batchId: string, owner: string): Promise<BatchMeta> {
    const meta =
      typeof batchId === 'string' && BATCH_ID.test(batchId)
        ? await this.store.read(batchId)
        : undefined;
    if (!meta || meta.owner !== owner) {
      throw new DingTalkBatchError(M.batchNotFound, { code: ConvFileErrorCodes.batchNotFound });
    }
    return meta;
  }

  private idempotencyKeyOf(owner: string, key: unknown): string | undefined {
    if (key === undefined) return undefined;
    const issue = dingTalkIdIssue('idempotencyKey', key);
    if (issue) throw validationError([issue], undefined);
    return this.store.idempotencyKeyOf(digest(`${owner}\u0000${key as string}`));
  }
}

function digest(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}
