import type { OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import type { RedisClientType } from '@redis/client';
import { ConvFileErrorCodes } from '../errors/dingtalk-error.codes';
import { DingTalkErrorMessages as M } from '../messages/dingtalk-error.messages';
import { endRedisClient } from '../redis/redis-client.closer';
import { guardBatchCommand } from './batch-command.util';
import {
  CANCEL_BATCH,
  CLAIM_ITEM,
  FINISH_ITEM,
  MARK_RUNNING,
  PAGE_ITEMS,
  READ_BATCH,
} from './batch-redis.scripts';
import {
  CONV_FILE_BATCH_ITEM_STATES,
  type ConvFileBatch,
  type ConvFileBatchApi,
  type ConvFileBatchItem,
  type ConvFileBatchItemError,
  type ConvFileBatchItemPage,
  type ConvFileBatchItemState,
  type ConvFileBatchStatus,
} from './conv-file-batch.interface';

/** Fields written per command when a batch is stored, so no command is huge. */
const CHUNK = 1000;

/** A batch as stored, before its items. */
export interface StoredBatch {
  batchId: string;
  api: ConvFileBatchApi;
  app?: string;
  corpId?: string;
  owner: string;
  /** Of the request that created it, to answer a reused idempotency key. */
  fingerprint: string;
  items: ReadonlyArray<Record<string, string>>;
  createdAt: number;
  expiresAt: number;
}

/** What the worker gets when it takes an item. */
export type ClaimedItem =
  | {
      kind: 'go';
      api: ConvFileBatchApi;
      app?: string;
      corpId?: string;
      input: Record<string, string>;
    }
  /** The item was running already: it is now `unknown`. */
  | { kind: 'lost' }
  /** Nothing to do: the item is final (or was just cancelled). */
  | { kind: 'done' };

/** How an attempt ended. `queued`: it certainly did not run, and will be tried again. */
export type ItemOutcome =
  | { state: 'sent'; result: Record<string, unknown> }
  | { state: 'failed' | 'unknown' | 'queued'; error: ConvFileBatchItemError };

/** A batch's meta, for the service's checks. */
export interface BatchMeta {
  batch: ConvFileBatch;
  owner: string;
  fingerprint: string;
  enqueued: boolean;
}

/**
 * Batches in Redis (see `batch-redis.scripts.ts` for the layout). Every change of an item's state
 * is one script, so counts always add up. Unlike the rate limiter and the token cache, nothing
 * here falls back to memory: a command that fails throws `batchesUnavailable`.
 */
export class BatchRedisStore implements OnModuleInit, OnApplicationShutdown {
  constructor(
    private readonly client: RedisClientType,
    private readonly keyPrefix: string,
  ) {
    // Without a listener a connection error would crash the process; commands report it.
    this.client.on('error', () => undefined);
  }

  async onModuleInit(): Promise<void> {
    await this.client.connect().catch(() => undefined);
  }

  onApplicationShutdown(): void {
    endRedisClient(this.client);
  }

  /** Stores the batch with every item queued. */
  async create(batch: StoredBatch): Promise<void> {
    const base = this.baseOf(batch.batchId);
    const multi = this.client.multi();
    multi.hSet(`${base}:meta`, {
      api: batch.api,
      ...(batch.app === undefined ? {} : { app: batch.app }),
      ...(batch.corpId === undefined ? {} : { corpId: batch.corpId }),
      owner: batch.owner,
      fingerprint: batch.fingerprint,
      total: String(batch.items.length),
      status: 'queued',
      createdAt: String(batch.createdAt),
      expiresAt: String(batch.expiresAt),
    });
    for (let from = 0; from < batch.items.length; from += CHUNK) {
      const indices = batch.items.slice(from, from + CHUNK).map((_, offset) => from + offset);
      multi.hSet(
        `${base}:input`,
        Object.fromEntries(indices.map((index) => [index, JSON.stringify(batch.items[index])])),
      );
      multi.hSet(`${base}:state`, Object.fromEntries(indices.map((index) => [index, 'queued'])));
      multi.zAdd(
        `${base}:in:queued`,
        indices.map((index) => ({ score: index, value: String(index) })),
      );
    }
    for (const suffix of [':meta', ':input', ':state', ':in:queued']) {
      multi.pExpireAt(`${base}${suffix}`, batch.expiresAt);
    }
    await guardBatchCommand(multi.exec());
  }

  /** Deletes a batch that was never queued (it lost an idempotency race). */
  async discard(batchId: string): Promise<void> {
    const base = this.baseOf(batchId);
    await guardBatchCommand(
      this.client.del([':meta', ':input', ':state', ':in:queued'].map((s) => base + s)),
    );
  }

  /**
   * Claims `key` (per owner) for `batchId` until `expiresAt`; answers the batch that claimed it
   * first, `batchId` itself when this call did.
   */
  async claimIdempotencyKey(key: string, batchId: string, expiresAt: number): Promise<string> {
    const claimed = await guardBatchCommand(
      this.client.set(key, batchId, { NX: true, PXAT: expiresAt }),
    );
    // Stryker disable next-line ConditionalExpression,StringLiteral: a shortcut; GET would name this batch too.
    if (claimed === 'OK') return batchId;
    const holder = await guardBatchCommand(this.client.get(key));
    return holder ?? batchId;
  }

  /** The batch that `key` names, if any. */
  async idempotencyKeyHolder(key: string): Promise<string | undefined> {
    return (await guardBatchCommand(this.client.get(key))) ?? undefined;
  }

  /** The Redis key of an idempotency key; `digest` identifies the owner and the key. */
  idempotencyKeyOf(digest: string): string {
    return `${this.keyPrefix}batch-key:${digest}`;
  }

  async markEnqueued(batchId: string): Promise<void> {
    await guardBatchCommand(this.client.hSet(`${this.baseOf(batchId)}:meta`, 'enqueued', '1'));
  }

  /** The batch with its counts, or undefined. */
  async read(batchId: string): Promise<BatchMeta | undefined> {
    const reply = (await this.eval(READ_BATCH, batchId, [])) as Array<number | string>;
    if (reply.length === 0) return undefined;
    const counts = Object.fromEntries(
      CONV_FILE_BATCH_ITEM_STATES.map((state, position) => [state, Number(reply[position])]),
    ) as Record<ConvFileBatchItemState, number>;
    const fields: Record<string, string> = {};
    // Stryker disable next-line EqualityOperator: one more pass would add a field "undefined", never read.
    for (let at = CONV_FILE_BATCH_ITEM_STATES.length; at < reply.length; at += 2) {
      fields[String(reply[at])] = String(reply[at + 1]);
    }
    const finishedAt = fields.finishedAt === undefined ? null : Number(fields.finishedAt);
    return {
      owner: fields.owner,
      fingerprint: fields.fingerprint,
      enqueued: fields.enqueued === '1',
      batch: {
        batchId,
        api: fields.api as ConvFileBatchApi,
        status: fields.status as ConvFileBatchStatus,
        total: Number(fields.total),
        counts,
        createdAt: new Date(Number(fields.createdAt)).toISOString(),
        finishedAt: finishedAt === null ? null : new Date(finishedAt).toISOString(),
      },
    };
  }

  /** Takes item `index` for a worker (see {@link CLAIM_ITEM}). */
  async claim(batchId: string, index: number): Promise<ClaimedItem> {
    const lost = JSON.stringify({
      error: { code: ConvFileErrorCodes.workerLost, message: M.workerLost },
    });
    const reply = (await this.eval(CLAIM_ITEM, batchId, [
      String(index),
      String(Date.now()),
      lost,
    ])) as string[];
    if (reply[0] === 'go') {
      const [, input, api, app, corpId] = reply;
      return {
        kind: 'go',
        input: JSON.parse(input) as Record<string, string>,
        api: api as ConvFileBatchApi,
        app: app === '' ? undefined : app,
        corpId: corpId === '' ? undefined : corpId,
      };
    }
    return { kind: reply[0] === 'lost' ? 'lost' : 'done' };
  }

  /** Marks the item running for `attempt`, its request about to leave; false when it may not be sent. */
  async markRunning(batchId: string, index: number, attempt: string): Promise<boolean> {
    const reply = await this.eval(MARK_RUNNING, batchId, [
      String(index),
      attempt,
      String(Date.now()),
    ]);
    return reply === 1;
  }

  /**
   * Ends the attempt, which left the item `from` (`running` when its request may have left):
   * the state the item is in now; undefined when the item was no longer there.
   */
  async finish(
    batchId: string,
    index: number,
    attempt: string,
    from: 'queued' | 'running',
    outcome: ItemOutcome,
  ): Promise<ItemOutcome['state'] | 'cancelled' | undefined> {
    const kept = outcome.state === 'sent' ? { result: outcome.result } : { error: outcome.error };
    const reply = await this.eval(FINISH_ITEM, batchId, [
      String(index),
      attempt,
      String(Date.now()),
      outcome.state,
      JSON.stringify(kept),
      from,
    ]);
    // The state the item ended in (a retry of a cancelled batch's item is `cancelled`), or
    // undefined when another attempt settled it first.
    return reply === 0 ? undefined : (reply as ItemOutcome['state'] | 'cancelled');
  }

  /** Cancels the batch's queued items: how many it cancelled; undefined when there is no such batch. */
  async cancel(batchId: string): Promise<number | undefined> {
    const cancelled = Number(await this.eval(CANCEL_BATCH, batchId, [String(Date.now())]));
    return cancelled < 0 ? undefined : cancelled;
  }

  /** A page of items from index `from` (see {@link PAGE_ITEMS}). */
  async page(
    batchId: string,
    from: number,
    limit: number,
    state: ConvFileBatchItemState | undefined,
  ): Promise<ConvFileBatchItemPage> {
    const reply = (await this.eval(PAGE_ITEMS, batchId, [
      state ?? '',
      String(from),
      String(limit),
    ])) as string[];
    const items: ConvFileBatchItem[] = [];
    for (let at = 1; at < reply.length; at += 4) {
      const kept = reply[at + 3] === '' ? {} : (JSON.parse(reply[at + 3]) as object);
      // `finish` keeps a sent item's result or another item's error, never both.
      items.push({
        index: Number(reply[at]),
        state: reply[at + 1] as ConvFileBatchItemState,
        input: JSON.parse(reply[at + 2]) as ConvFileBatchItem['input'],
        ...(kept as Pick<ConvFileBatchItem, 'result' | 'error'>),
      });
    }
    return { items, nextCursor: reply[0] === '' ? null : reply[0] };
  }

  private baseOf(batchId: string): string {
    return `${this.keyPrefix}batch:{${batchId}}`;
  }

  private eval(script: string, batchId: string, args: string[]): Promise<unknown> {
    return guardBatchCommand(
      this.client.eval(script, { keys: [this.baseOf(batchId)], arguments: args }),
    );
  }
}
