import { DingTalkError } from './dingtalk.error';

/**
 * No usable access token: DingTalk rejected the app's credentials (`invalidClientIdOrSecret`),
 * rejected a freshly fetched token (`InvalidAuthentication` after the one retry), or the custom
 * token provider failed. The server's DingTalk set-up is at fault, not the caller.
 */
export class DingTalkAuthError extends DingTalkError {}
