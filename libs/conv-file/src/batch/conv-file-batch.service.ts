import type {
  ConvFileBatch,
  ConvFileBatchItemPage,
  ConvFileBatchItemQuery,
  ConvFileBatchScope,
  CreateConvFileBatchInput,
  CreateConvFileBatchScope,
} from './conv-file-batch.interface';

/**
 * Durable bulk sends: a batch of items for one send API, processed by every instance sharing the
 * module's Redis, paced by the same outbound rate limit as single calls, at most once per item.
 * Every item is checked when the batch is created, with the single call's own validation: one
 * bad item refuses the batch (naming `items[<index>].<field>`) and nothing is queued. Inject it
 * in an app whose `ConvFileModule` has `batches: convFileBatches()`.
 */
export abstract class ConvFileBatchService {
  /**
   * Checks and queues a batch of at most 10,000 items; resolves to its status. Sent as the
   * default app unless `app` names another (with `corpId` for a third-party app). Throws
   * `DingTalkValidationError` for a bad batch (nothing is stored), `DingTalkBatchError`
   * `idempotencyKeyReused` for a key reused with another batch, and `batchesUnavailable` while
   * Redis does not answer.
   */
  abstract create(
    input: CreateConvFileBatchInput,
    scope?: CreateConvFileBatchScope,
  ): Promise<ConvFileBatch>;

  /** The batch's status and counts; `DingTalkBatchError` `batchNotFound` for another owner's batch. */
  abstract get(batchId: string, scope?: ConvFileBatchScope): Promise<ConvFileBatch>;

  /** A page of the batch's items, by index, optionally only those in one state. */
  abstract items(
    batchId: string,
    query?: ConvFileBatchItemQuery,
    scope?: ConvFileBatchScope,
  ): Promise<ConvFileBatchItemPage>;

  /**
   * Cancels the items not yet started (they end `cancelled`); items in flight end as their calls
   * do. Resolves to the status; cancelling a finished batch changes nothing.
   */
  abstract cancel(batchId: string, scope?: ConvFileBatchScope): Promise<ConvFileBatch>;
}
