import { ConvFileErrorCodes } from './dingtalk-error.codes';
import { DingTalkError, type DingTalkErrorOptions } from './dingtalk.error';

export interface DingTalkNetworkErrorOptions extends Omit<DingTalkErrorOptions, 'code'> {
  /** The system error code, e.g. `ECONNREFUSED`, `ECONNRESET`. */
  systemCode?: string;
  /** False only when the request certainly never reached DingTalk (connection refused, DNS failure). */
  requestSent: boolean;
}

/** The connection to DingTalk failed (refused, reset, DNS, TLS). Code `upstreamUnavailable`. */
export class DingTalkNetworkError extends DingTalkError {
  readonly systemCode?: string;
  readonly requestSent: boolean;

  constructor(message: string, options: DingTalkNetworkErrorOptions) {
    super(message, { ...options, code: ConvFileErrorCodes.upstreamUnavailable });
    this.systemCode = options.systemCode;
    this.requestSent = options.requestSent;
  }
}
