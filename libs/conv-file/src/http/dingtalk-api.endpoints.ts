/** The DingTalk APIs this module calls, named as DingTalk's own SDK names its actions. */
export type DingTalkApiName = 'GetAccessToken' | 'SendLink' | 'SendByApp' | 'Send' | 'GetSpace';

/** The convFile APIs (every DingTalk API the module calls but the token fetch). */
export type ConvFileApiName = Exclude<DingTalkApiName, 'GetAccessToken'>;

export interface DingTalkEndpoint {
  path: string;
  /** True when a repeated call has the same effect: only those may be retried after an unknown outcome. */
  idempotent: boolean;
}

/** Paths as DingTalk documents them; every call is a POST with a JSON body. */
export const DINGTALK_ENDPOINTS: Readonly<Record<DingTalkApiName, DingTalkEndpoint>> = {
  GetAccessToken: { path: '/v1.0/oauth2/accessToken', idempotent: true },
  SendLink: { path: '/v1.0/convFile/conversations/files/links/send', idempotent: false },
  SendByApp: { path: '/v1.0/convFile/apps/conversations/files/send', idempotent: false },
  Send: { path: '/v1.0/convFile/conversations/files/send', idempotent: false },
  GetSpace: { path: '/v1.0/convFile/conversations/spaces/query', idempotent: true },
};
