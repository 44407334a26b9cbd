import type { ConvFileApiName, DingTalkApiName } from '../endpoints/dingtalk-api.endpoints';

/** A convFile call that ended, after its retries and its one retry with a fresh token. */
export interface ConvFileCallEnded {
  api: ConvFileApiName;
  /** The app's name (`default` for single-app options). */
  app: string;
  /**
   * `ok`, DingTalk's error code (`Forbidden.AccessDenied.QpsLimitForApi`, …), one of the library's
   * own codes (`rateLimited`, …), or `timeout` / `network` when no answer came.
   */
  outcome: string;
  /** From the call's start (token included) to its end. */
  durationSeconds: number;
}

/** A retry of one attempt (the call, or a token request), and why it was allowed. */
export interface ConvFileRetried {
  api: DingTalkApiName;
  /** Throttled by DingTalk, certainly not sent, or an idempotent call whose outcome was unknown. */
  reason: 'throttled' | 'notSent' | 'unknownOutcome';
}

/**
 * What the module reports of its work, for metrics (see the sample app's Prometheus metrics).
 * Every method is optional and called synchronously on the call's path: keep it cheap (increment
 * a counter). An observer that throws is logged once and never fails a call.
 */
export interface ConvFileObserver {
  callEnded?(call: ConvFileCallEnded): void;
  /** The module asked DingTalk for a token (an internal app's, or a third-party app's for one org). */
  tokenFetched?(fetch: { app: string }): void;
  retried?(retry: ConvFileRetried): void;
  /** A call took a rate-limit slot after waiting this long (0 when the slot was free). */
  rateLimitWaited?(wait: { api: ConvFileApiName; seconds: number }): void;
  /** How many calls of this instance wait for a rate-limit slot of the API, on every change. */
  rateLimitQueueChanged?(queue: { api: ConvFileApiName; length: number }): void;
  /** A batch item reached a final state (with `batches`): once per item, in the instance that ended it. */
  batchItemEnded?(item: { state: 'sent' | 'failed' | 'unknown' | 'cancelled' }): void;
}
