/** What the request log says about a call that failed with a library error. */
export interface DingTalkFailure {
  /** The DingTalk API that failed, when the error names one. */
  api?: string;
  code: string;
  /** DingTalk's own request id, when DingTalk answered: what DingTalk support asks for. */
  requestId?: string;
}
