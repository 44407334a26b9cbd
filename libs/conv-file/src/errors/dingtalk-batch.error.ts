import { DingTalkError } from './dingtalk.error';

/**
 * A batch request that cannot be served: no batch has the id for this owner (`batchNotFound`,
 * HTTP 404), or an idempotency key is reused for a different request (`idempotencyKeyReused`,
 * HTTP 409). Nothing was sent.
 */
export class DingTalkBatchError extends DingTalkError {}
