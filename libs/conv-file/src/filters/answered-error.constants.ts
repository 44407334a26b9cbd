/**
 * Key on the request object (Express's `req`, Fastify's `request`) under which the library's
 * exception filters leave the `DingTalkError` they answered, so that a request log can
 * report its code and DingTalk's request id without an interceptor on every request. A symbol,
 * so that it clashes with nothing Express, Fastify or the app put there.
 *
 * @example request[ANSWERED_DINGTALK_ERROR]?.code // 'Forbidden.AccessDenied'
 */
export const ANSWERED_DINGTALK_ERROR: unique symbol = Symbol('answeredDingTalkError');
