import { DingTalkError, type DingTalkErrorContext } from './dingtalk.error';

export interface DingTalkApiErrorDetails extends DingTalkErrorContext {
  /** HTTP status DingTalk answered with. */
  status: number;
  /** DingTalk's `accessdenieddetail`, e.g. `{ requiredScopes: ['ConvFile.File.Send'] }`. */
  accessDeniedDetail?: Record<string, unknown>;
  /** A short excerpt of a body that was not a DingTalk answer (an HTML block page, …). */
  bodyExcerpt?: string;
  /** True when the call changes something and DingTalk failed in a way that may have let it run. */
  outcomeUnknown?: boolean;
}

/** DingTalk answered with an error. Branch on `code`: DingTalk uses several statuses for one code. */
export class DingTalkApiError extends DingTalkError {
  readonly status: number;
  readonly accessDeniedDetail?: Record<string, unknown>;
  readonly bodyExcerpt?: string;
  readonly outcomeUnknown: boolean;

  constructor(code: string, message: string, details: DingTalkApiErrorDetails) {
    super(code, message, details);
    this.status = details.status;
    this.accessDeniedDetail = details.accessDeniedDetail;
    this.bodyExcerpt = details.bodyExcerpt;
    this.outcomeUnknown = details.outcomeUnknown ?? false;
  }
}
