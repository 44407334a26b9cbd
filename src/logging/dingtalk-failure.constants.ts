/**
 * Key on the platform's request object under which a failed call's DingTalk details wait for the
 * request log. A symbol, so that it clashes with nothing Express or Fastify put there.
 */
export const DINGTALK_FAILURE = Symbol('dingTalkFailure');
