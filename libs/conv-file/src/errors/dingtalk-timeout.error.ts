import { ConvFileErrorCodes } from './dingtalk-error.codes';
import { DingTalkError, type DingTalkErrorContext } from './dingtalk.error';

/** DingTalk did not answer in time. */
export class DingTalkTimeoutError extends DingTalkError {
  readonly timeoutMs: number;
  /** True when the call changes something (a send): it may have been carried out, so it must not be repeated blindly. */
  readonly outcomeUnknown: boolean;

  constructor(
    message: string,
    timeoutMs: number,
    outcomeUnknown: boolean,
    context?: DingTalkErrorContext,
  ) {
    super(ConvFileErrorCodes.upstreamTimeout, message, context);
    this.timeoutMs = timeoutMs;
    this.outcomeUnknown = outcomeUnknown;
  }
}
