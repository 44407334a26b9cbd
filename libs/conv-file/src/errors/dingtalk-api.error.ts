import { DingTalkError, type DingTalkErrorOptions } from './dingtalk.error';

export interface DingTalkApiErrorOptions extends DingTalkErrorOptions {
  status: number;
  /** DingTalk's `accessdenieddetail`, e.g. `{ requiredScopes: ['ConvFile.File.Send'] }`. */
  accessDeniedDetail?: Record<string, unknown>;
  /**
   * For logs only: a short excerpt of a body that was not a DingTalk answer (an HTML block page,
   * …), with the access token redacted. Never part of the message.
   */
  bodyExcerpt?: string;
}

/** DingTalk answered with an error. Branch on `code`: DingTalk uses several statuses for one code. */
export class DingTalkApiError extends DingTalkError {
  declare readonly status: number;
  readonly accessDeniedDetail?: Record<string, unknown>;
  readonly bodyExcerpt?: string;

  constructor(message: string, options: DingTalkApiErrorOptions) {
    super(message, options);
    this.accessDeniedDetail = options.accessDeniedDetail;
    this.bodyExcerpt = options.bodyExcerpt;
  }
}
