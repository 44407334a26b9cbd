import { DingTalkAuthError } from '../errors/dingtalk-auth.error';
import { ConvFileErrorCodes, DingTalkErrorCodes } from '../errors/dingtalk-error.codes';
import { DingTalkError } from '../errors/dingtalk.error';
import { DingTalkErrorMessages as M } from '../messages/dingtalk-error.messages';
import { retryReasonOf } from '../retry/dingtalk-retry.policy';
import type { ItemOutcome } from './batch-redis.store';
import type { ConvFileBatchApi } from './conv-file-batch.interface';

/** The library's own codes for a call that was refused before it was made. */
const NOT_MADE = new Set<string>([
  ConvFileErrorCodes.rateLimited,
  ConvFileErrorCodes.shuttingDown,
  ConvFileErrorCodes.suiteTicketUnavailable,
  ConvFileErrorCodes.accessTokenUnavailable,
  ConvFileErrorCodes.batchesUnavailable,
]);

/**
 * DingTalk refused the app itself for good: its credentials, its suite, or the organization removed
 * it. Every item would fail the same way, so none is tried again.
 */
const APP_REFUSED = new Set<string>([
  DingTalkErrorCodes.credentialsRejected,
  DingTalkErrorCodes.suiteKeyRejected,
  DingTalkErrorCodes.authorizationRevoked,
]);

/**
 * How a failed attempt at a batch item ends, by the retry policy's own reading of the error:
 * - `unknown` when the send may have reached DingTalk (`outcomeUnknown`: a timeout, a connection
 *   lost after the request was written, a DingTalk failure), or the error is not the library's;
 * - `queued`, to be tried again, when it certainly did not run: DingTalk's throttling after the
 *   call's own retries, a refused connection, this server's full queue, no token;
 * - `failed` otherwise: DingTalk refused it (a 4xx), with DingTalk's code and message, or refused
 *   the app itself (bad credentials, a removed organization).
 */
export function outcomeOfFailure(error: unknown, api: ConvFileBatchApi): ItemOutcome {
  if (!(error instanceof DingTalkError)) {
    return { state: 'unknown', error: { code: 'unknownError', message: M.batchItemUnexpected } };
  }
  const reported = { code: error.code, message: error.message };
  if (error.outcomeUnknown) return { state: 'unknown', error: reported };
  const reason = retryReasonOf(error, api);
  if (reason === 'throttled' || reason === 'notSent') return { state: 'queued', error: reported };
  if (APP_REFUSED.has(error.code)) return { state: 'failed', error: reported };
  if (NOT_MADE.has(error.code) || error instanceof DingTalkAuthError) {
    return { state: 'queued', error: reported };
  }
  return { state: 'failed', error: reported };
}
