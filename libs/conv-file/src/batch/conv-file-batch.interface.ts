import type { SendByAppInput, SendInput, SendLinkInput } from '../dto/conv-file-input.interface';

/** The APIs a batch can call: the three sends. */
export const CONV_FILE_BATCH_APIS = ['SendByApp', 'Send', 'SendLink'] as const;

/** One of {@link CONV_FILE_BATCH_APIS}. */
export type ConvFileBatchApi = (typeof CONV_FILE_BATCH_APIS)[number];

/** Most items one batch may hold. */
export const CONV_FILE_BATCH_MAX_ITEMS = 10_000;

/**
 * Where an item is: `queued` (waiting, or waiting to be retried after an attempt that certainly
 * did not run), `running` (its call may be in flight), and the final states `sent`, `failed`
 * (DingTalk refused it, or it could not be sent), `unknown` (it may or may not have been
 * delivered; never sent again) and `cancelled`.
 */
export const CONV_FILE_BATCH_ITEM_STATES = [
  'queued',
  'running',
  'sent',
  'failed',
  'unknown',
  'cancelled',
] as const;

/** One of {@link CONV_FILE_BATCH_ITEM_STATES}. */
export type ConvFileBatchItemState = (typeof CONV_FILE_BATCH_ITEM_STATES)[number];

/** A batch's status: `running` once an item started, `done` when every item is final. */
export type ConvFileBatchStatus = 'queued' | 'running' | 'done' | 'cancelled';

/** The input of one item: the same as the single call of the batch's API. */
export type ConvFileBatchItemInput = SendByAppInput | SendInput | SendLinkInput;

/** What {@link ConvFileBatchService.create} takes. */
export interface CreateConvFileBatchInput {
  /** The API every item calls. */
  api: ConvFileBatchApi;
  /** At most {@link CONV_FILE_BATCH_MAX_ITEMS}; each checked like the single call's input. */
  items: readonly ConvFileBatchItemInput[];
  /**
   * The app of the module's `apps` the items are sent as.
   * @default undefined (the default app)
   */
  app?: string;
  /**
   * The customer organization, for a third-party `app` (required for those).
   * @default undefined
   */
  corpId?: string;
}

/** Who asks, for {@link ConvFileBatchService}'s methods. */
export interface ConvFileBatchScope {
  /**
   * Who owns the batch: a batch is visible only to the owner that created it (another owner gets
   * `batchNotFound`), and idempotency keys are per owner.
   * @default '' (one owner for every caller)
   */
  owner?: string;
}

/** What {@link ConvFileBatchService.create} takes besides the batch. */
export interface CreateConvFileBatchScope extends ConvFileBatchScope {
  /**
   * The same key with the same batch returns the batch it created (and finishes queuing it if a
   * crash interrupted that); with a different batch, `idempotencyKeyReused`. Kept as long as
   * the batch.
   * @default undefined (every call creates a batch)
   */
  idempotencyKey?: string;
}

/** Items per state; they always add up to `total`. */
export type ConvFileBatchCounts = Record<ConvFileBatchItemState, number>;

/** A batch's status. */
export interface ConvFileBatch {
  batchId: string;
  api: ConvFileBatchApi;
  status: ConvFileBatchStatus;
  total: number;
  counts: ConvFileBatchCounts;
  /** ISO 8601. */
  createdAt: string;
  /** ISO 8601, once no item is queued or running; else null. */
  finishedAt: string | null;
}

/** Why an item failed or ended unknown: DingTalk's code and message, or the library's. */
export interface ConvFileBatchItemError {
  code: string;
  message: string;
}

/** One item of a batch. */
export interface ConvFileBatchItem {
  /** Its position in the batch's `items`, from 0. */
  index: number;
  state: ConvFileBatchItemState;
  input: ConvFileBatchItemInput;
  /** DingTalk's answer, for a `sent` item. */
  result?: Record<string, unknown>;
  /** For a `failed` or `unknown` item, and a `queued` one whose last attempt did not run. */
  error?: ConvFileBatchItemError;
}

/** What {@link ConvFileBatchService.items} takes. */
export interface ConvFileBatchItemQuery {
  /**
   * Only the items in this state.
   * @default undefined (every item)
   */
  state?: ConvFileBatchItemState;
  /**
   * Most items in one page, from 1 to 1000.
   * @default 100
   */
  limit?: number;
  /**
   * `nextCursor` of the page before.
   * @default undefined (the first page)
   */
  cursor?: string;
}

/** One page of items, by index; `nextCursor` is null on the last page. */
export interface ConvFileBatchItemPage {
  items: ConvFileBatchItem[];
  nextCursor: string | null;
}
