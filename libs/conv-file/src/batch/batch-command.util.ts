import { ConvFileErrorCodes } from '../errors/dingtalk-error.codes';
import { DingTalkBatchError } from '../errors/dingtalk-batch.error';
import { DingTalkErrorMessages as M } from '../messages/dingtalk-error.messages';
import { withTimeout } from '../utils/with-timeout.util';

/** Longest a batch command may take (creating 10,000 items is one script). */
export const BATCH_COMMAND_TIMEOUT_MS = 5000;

/** What every batch operation that Redis could not serve fails with. */
export function batchesUnavailable(): DingTalkBatchError {
  return new DingTalkBatchError(M.batchesUnavailable, {
    code: ConvFileErrorCodes.batchesUnavailable,
  });
}

/**
 * A failed command is `batchesUnavailable`, whatever Redis said (it may quote the URL); so is one
 * that takes too long, so that a hung Redis fails the service's methods instead of hanging them.
 */
export async function guardBatchCommand<T>(command: Promise<T>): Promise<T> {
  try {
    return await withTimeout(command, BATCH_COMMAND_TIMEOUT_MS);
  } catch {
    throw batchesUnavailable();
  }
}
