import type { DingTalkApiName } from '../endpoints/dingtalk-api.endpoints';

/** What every library error carries besides its message. */
export interface DingTalkErrorOptions {
  /** DingTalk's error code, or one of the library's own ({@link ConvFileErrorCodes}). */
  code: string;
  /** The DingTalk API the call was for. */
  api?: DingTalkApiName;
  /** HTTP status DingTalk answered with, when the failure was DingTalk's answer. */
  status?: number;
  /** DingTalk's request id, only when DingTalk answered this very exchange. */
  requestId?: string;
  /** True when the call changes something and may have been carried out: never repeat it blindly. */
  outcomeUnknown?: boolean;
  /** The underlying error, when it is safe to keep (it must carry no token, secret or request). */
  cause?: unknown;
}

/**
 * Base of every error the library throws. Transport-agnostic: only the exception filters turn it
 * into an HTTP answer. Never carries a token or secret, nor the underlying HTTP request.
 */
export class DingTalkError extends Error {
  readonly code: string;
  readonly api?: DingTalkApiName;
  readonly status?: number;
  readonly requestId?: string;
  readonly outcomeUnknown: boolean;

  constructor(message: string, options: DingTalkErrorOptions) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.code = options.code;
    this.api = options.api;
    this.status = options.status;
    this.requestId = options.requestId;
    this.outcomeUnknown = options.outcomeUnknown ?? false;
  }
}
