/** Key in Express's `res.locals` under which a failed call's DingTalk details wait for the request log. */
export const DINGTALK_FAILURE_LOCAL = 'dingTalkFailure';
