/** The DingTalk APIs this module calls, named as DingTalk's own SDK names its actions. */
export type DingTalkApiName =
  'GetAccessToken' | 'GetCorpAccessToken' | 'SendLink' | 'SendByApp' | 'Send' | 'GetSpace';

/** The convFile APIs (every DingTalk API the module calls but the token fetches). */
export type ConvFileApiName = Exclude<DingTalkApiName, 'GetAccessToken' | 'GetCorpAccessToken'>;

export interface DingTalkEndpoint {
  path: string;
  /** True when a repeated call has the same effect: only those may be retried after an unknown outcome. */
  idempotent: boolean;
  /** Names of the query parameters, all required DingTalk ids. */
  query: readonly string[];
  /** Names of the JSON body's fields, all required DingTalk ids (DingTalk's bodies are flat). */
  body: readonly string[];
  /** The request holds a secret (a token fetch): nothing of the exchange is kept, even for logs. */
  carriesSecret?: true;
}

/** Every call is a POST with a JSON body; paths and fields as DingTalk documents them. */
export const DINGTALK_ENDPOINTS: Readonly<Record<DingTalkApiName, DingTalkEndpoint>> = {
  GetAccessToken: {
    path: '/v1.0/oauth2/accessToken',
    idempotent: true,
    query: [],
    body: ['appKey', 'appSecret'],
    carriesSecret: true,
  },
  // Asking again returns a new token; the earlier one stays valid: a repeat does no harm.
  GetCorpAccessToken: {
    path: '/v1.0/oauth2/corpAccessToken',
    idempotent: true,
    query: [],
    body: ['suiteKey', 'suiteSecret', 'authCorpId', 'suiteTicket'],
    carriesSecret: true,
  },
  SendLink: {
    path: '/v1.0/convFile/conversations/files/links/send',
    idempotent: false,
    query: ['unionId'],
    body: ['spaceId', 'dentryId', 'openConversationId'],
  },
  SendByApp: {
    path: '/v1.0/convFile/apps/conversations/files/send',
    idempotent: false,
    query: ['unionId'],
    body: ['spaceId', 'dentryId'],
  },
  Send: {
    path: '/v1.0/convFile/conversations/files/send',
    idempotent: false,
    query: ['unionId'],
    body: ['spaceId', 'dentryId', 'openConversationId'],
  },
  GetSpace: {
    path: '/v1.0/convFile/conversations/spaces/query',
    idempotent: true,
    query: ['unionId'],
    body: ['openConversationId'],
  },
};

/** The convFile APIs, in the order DingTalk documents them. */
export const CONV_FILE_APIS: readonly ConvFileApiName[] = [
  'SendLink',
  'SendByApp',
  'Send',
  'GetSpace',
];
