// `@nest-dingtalk/conv-file/batches`: durable bulk sends for `ConvFileModule`'s `batches` extra.
// The only entry point that uses `bullmq`, loaded when the module starts with `batches`.
export { convFileBatches } from './batch/conv-file-batches.factory';
export { ConvFileBatchService } from './batch/conv-file-batch.service';
export {
  CONV_FILE_BATCH_APIS,
  CONV_FILE_BATCH_ITEM_STATES,
  CONV_FILE_BATCH_MAX_ITEMS,
  type ConvFileBatch,
  type ConvFileBatchApi,
  type ConvFileBatchItem,
  type ConvFileBatchItemPage,
  type ConvFileBatchItemState,
  type ConvFileBatchStatus,
  type CreateConvFileBatchInput,
} from './batch/conv-file-batch.interface';
export type { ConvFileBatchOptions } from './options/conv-file-batch-options.interface';
export { DingTalkBatchError } from './errors/dingtalk-batch.error';
