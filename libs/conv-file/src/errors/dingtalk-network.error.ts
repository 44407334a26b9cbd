import { ConvFileErrorCodes } from './dingtalk-error.codes';
import { DingTalkError, type DingTalkErrorContext } from './dingtalk.error';

/** The connection to DingTalk failed (refused, reset, DNS, TLS). */
export class DingTalkNetworkError extends DingTalkError {
  /** The system error code, e.g. `ECONNREFUSED`, `ECONNRESET`. */
  readonly systemCode?: string;
  /** False only when the request certainly never reached DingTalk (connection refused, DNS failure). */
  readonly requestSent: boolean;
  /** True when the call changes something and may have been carried out. */
  readonly outcomeUnknown: boolean;

  constructor(
    message: string,
    systemCode: string | undefined,
    requestSent: boolean,
    outcomeUnknown: boolean,
    context?: DingTalkErrorContext,
  ) {
    super(ConvFileErrorCodes.upstreamUnavailable, message, context);
    this.systemCode = systemCode;
    this.requestSent = requestSent;
    this.outcomeUnknown = outcomeUnknown;
  }
}
