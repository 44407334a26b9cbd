import type { Type } from '@nestjs/common';
import type {
  DingTalkAccessTokenFunction,
  DingTalkAccessTokenProvider,
} from './dingtalk-access-token-provider.interface';

/**
 * Options of {@link ConvFileModule}. Give either `appKey` + `appSecret` (an internal app) or
 * `accessTokenProvider`.
 */
export interface ConvFileModuleOptions {
  /**
   * AppKey (Client ID) of the DingTalk internal app.
   * Required unless `accessTokenProvider` is set.
   * @see https://open.dingtalk.com/document/orgapp/obtain-the-access_token-of-an-internal-app
   */
  appKey?: string;
  /**
   * AppSecret (Client Secret) of the internal app. Never logged nor put in an error.
   * Required with `appKey`.
   */
  appSecret?: string;
  /**
   * Where tokens come from when they are managed elsewhere: an object with `getAccessToken()`,
   * a function returning a token, or a class implementing {@link DingTalkAccessTokenProvider}
   * (resolved through Nest's DI, so it can inject services). Exclusive with `appKey`/`appSecret`.
   * @default undefined (tokens are fetched with appKey/appSecret)
   */
  accessTokenProvider?:
    DingTalkAccessTokenProvider | DingTalkAccessTokenFunction | Type<DingTalkAccessTokenProvider>;
  /**
   * DingTalk API host, without a trailing path. Point it at the sandbox in tests.
   * @default 'https://api.dingtalk.com'
   */
  baseUrl?: string;
  /**
   * Time limit of one HTTP call to DingTalk, in milliseconds (the whole exchange, not socket idle time).
   * @default 10000
   */
  timeoutMs?: number;
  /**
   * How long before DingTalk's own expiry a cached token is dropped and refetched, in milliseconds.
   * Capped at half the token's lifetime so a short-lived token is still cached.
   * @default 300000 (5 minutes)
   */
  tokenRefreshMarginMs?: number;
  /**
   * Overrides of the HTTP status {@link DingTalkExceptionFilter} answers for a DingTalk error code,
   * e.g. `{ permissionDenied: 404 }`. Applied before the default table.
   * @default {}
   */
  errorStatusOverrides?: Record<string, number>;
}
