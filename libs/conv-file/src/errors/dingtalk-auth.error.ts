import { DingTalkError, type DingTalkErrorContext } from './dingtalk.error';

export interface DingTalkAuthErrorDetails extends DingTalkErrorContext {
  /** HTTP status DingTalk answered with, when the failure was DingTalk's answer. */
  status?: number;
}

/**
 * No usable access token: DingTalk rejected the app's credentials (`invalidClientIdOrSecret`),
 * rejected a freshly fetched token (`InvalidAuthentication` after the one retry), or the custom
 * token provider failed. The server's DingTalk set-up is at fault, not the caller.
 */
export class DingTalkAuthError extends DingTalkError {
  readonly status?: number;

  constructor(code: string, message: string, details: DingTalkAuthErrorDetails = {}) {
    super(code, message, details);
    this.status = details.status;
  }
}
