import { ConvFileErrorCodes } from './dingtalk-error.codes';
import { DingTalkError, type DingTalkErrorContext } from './dingtalk.error';

/** This server's own queue for a DingTalk API is full: the call was not made. */
export class DingTalkRateLimitError extends DingTalkError {
  /** When a new call could expect its turn. */
  readonly retryAfterMs: number;

  constructor(message: string, retryAfterMs: number, context?: DingTalkErrorContext) {
    super(ConvFileErrorCodes.rateLimited, message, context);
    this.retryAfterMs = retryAfterMs;
  }
}
