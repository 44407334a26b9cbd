import { ConvFileErrorCodes } from './dingtalk-error.codes';
import { DingTalkError, type DingTalkErrorOptions } from './dingtalk.error';

export interface DingTalkRateLimitErrorOptions extends Omit<DingTalkErrorOptions, 'code'> {
  /** When a new call could expect its turn. */
  retryAfterMs: number;
}

/** This server's own queue for a DingTalk API is full: the call was not made. Code `rateLimited`. */
export class DingTalkRateLimitError extends DingTalkError {
  readonly retryAfterMs: number;

  constructor(message: string, options: DingTalkRateLimitErrorOptions) {
    super(message, { ...options, code: ConvFileErrorCodes.rateLimited });
    this.retryAfterMs = options.retryAfterMs;
  }
}
