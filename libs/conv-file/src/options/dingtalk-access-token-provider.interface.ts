import type { Type } from '@nestjs/common';

/**
 * Supplies access tokens for teams that manage DingTalk tokens elsewhere (a central token
 * service, a third-party app's corp token, …). The module calls it before every DingTalk call
 * and does not cache its answer.
 */
export interface DingTalkAccessTokenProvider {
  /** Returns a valid access token. */
  getAccessToken(): Promise<string> | string;
  /**
   * Called with the rejected token when DingTalk answers `InvalidAuthentication`, before the
   * module asks for a fresh token and retries the call once.
   */
  invalidate?(token: string): Promise<void> | void;
}

/** A bare function returning an access token. */
export type DingTalkAccessTokenFunction = () => Promise<string> | string;

/** What `accessTokenProvider` takes: an object, a function, or a class for Nest's DI to create. */
export type DingTalkAccessTokenProviderOption =
  | DingTalkAccessTokenProvider
  | DingTalkAccessTokenFunction
  | { useClass: Type<DingTalkAccessTokenProvider> };
