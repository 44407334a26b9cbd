import type { DingTalkApiName } from '../http/dingtalk-api.endpoints';

/** Where an error came from, for logs and for the filter's `requestid`. */
export interface DingTalkErrorContext {
  /** The DingTalk API the call was for. */
  api?: DingTalkApiName;
  /** DingTalk's request id, when DingTalk answered. */
  requestId?: string;
}

/**
 * Base of every error the library throws. Transport-agnostic: only
 * {@link DingTalkExceptionFilter} turns it into an HTTP answer. Never carries a token or secret,
 * nor the underlying HTTP error (whose config would hold the token header).
 */
export class DingTalkError extends Error {
  /** DingTalk's error code, or one of the library's own (`paramError`, `upstreamTimeout`, …). */
  readonly code: string;
  readonly api?: DingTalkApiName;
  readonly requestId?: string;

  constructor(code: string, message: string, context: DingTalkErrorContext = {}) {
    super(message);
    this.name = new.target.name;
    this.code = code;
    this.api = context.api;
    this.requestId = context.requestId;
  }
}
