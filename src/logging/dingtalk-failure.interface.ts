/** Key in Express's `res.locals` under which a failed call's DingTalk details wait for the request log. */
export const DINGTALK_FAILURE_LOCAL = 'dingTalkFailure';

/** What the request log says about a call that failed with a library error. */
export interface DingTalkFailure {
  code: string;
  /** DingTalk's own request id, when DingTalk answered: what DingTalk support asks for. */
  requestId?: string;
}
