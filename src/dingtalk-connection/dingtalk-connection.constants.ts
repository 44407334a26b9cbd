/** Injection token of the app's {@link DingTalkConnection}. */
export const DINGTALK_CONNECTION = Symbol('DINGTALK_CONNECTION');
