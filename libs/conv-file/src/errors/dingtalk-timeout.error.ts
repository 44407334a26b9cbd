import { ConvFileErrorCodes } from './dingtalk-error.codes';
import { DingTalkError, type DingTalkErrorOptions } from './dingtalk.error';

export interface DingTalkTimeoutErrorOptions extends Omit<DingTalkErrorOptions, 'code'> {
  timeoutMs: number;
}

/** DingTalk did not answer in time. Code `upstreamTimeout`. */
export class DingTalkTimeoutError extends DingTalkError {
  readonly timeoutMs: number;

  constructor(message: string, options: DingTalkTimeoutErrorOptions) {
    super(message, { ...options, code: ConvFileErrorCodes.upstreamTimeout });
    this.timeoutMs = options.timeoutMs;
  }
}
