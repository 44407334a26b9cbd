import { validateConvFileInput, validationError } from '../dto/conv-file-input.validator';
import { DingTalkValidationError } from '../errors/dingtalk-validation.error';
import { DingTalkErrorMessages as M } from '../messages/dingtalk-error.messages';
import {
  CONV_FILE_BATCH_APIS,
  CONV_FILE_BATCH_MAX_ITEMS,
  type ConvFileBatchApi,
} from './conv-file-batch.interface';

/** A batch's API and items, every item checked. */
export interface CheckedBatch {
  api: ConvFileBatchApi;
  items: Array<Record<string, string>>;
}

/**
 * Checks a whole batch before anything is stored: the API, the list (1 to
 * {@link CONV_FILE_BATCH_MAX_ITEMS} items), and every item with the single call's own
 * validation. The first bad item refuses the batch, its issues named `items[<index>].<field>`.
 */
export function validateBatchItems(api: unknown, items: unknown): CheckedBatch {
  if (typeof api !== 'string' || !(CONV_FILE_BATCH_APIS as readonly string[]).includes(api)) {
    throw validationError(
      [{ field: 'api', rule: 'isIn', message: M.batchApi(CONV_FILE_BATCH_APIS) }],
      undefined,
    );
  }
  const batchApi = api as ConvFileBatchApi;
  if (!Array.isArray(items)) {
    throw refuse(batchApi, 'isArray', M.batchItemsNotAList);
  }
  if (items.length === 0) throw refuse(batchApi, 'arrayMinSize', M.batchEmpty);
  if (items.length > CONV_FILE_BATCH_MAX_ITEMS) {
    throw refuse(batchApi, 'arrayMaxSize', M.batchTooLarge(CONV_FILE_BATCH_MAX_ITEMS));
  }
  const checked = (items as unknown[]).map((item, index) => {
    try {
      return validateConvFileInput(batchApi, item);
    } catch (error) {
      if (!(error instanceof DingTalkValidationError)) throw error;
      const issues = error.details.map((issue) => ({
        field: `items[${index}].${issue.field}`,
        rule: issue.rule,
        message: M.batchItemInvalid(index, issue.message),
      }));
      throw validationError(issues, batchApi);
    }
  });
  // The checked object is marked for its API; a copy is what gets stored.
  return { api: batchApi, items: checked.map((item) => ({ ...item })) };
}

function refuse(api: ConvFileBatchApi, rule: string, message: string) {
  return validationError([{ field: 'items', rule, message }], api);
}
