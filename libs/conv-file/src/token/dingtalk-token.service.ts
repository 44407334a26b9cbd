/**
 * The app's DingTalk access token. Which implementation the module uses is chosen once, from the
 * options: {@link AppTokenService} fetches and caches the token with the app's credentials,
 * {@link ProviderTokenService} asks the caller's `accessTokenProvider`. Inject it by this class.
 */
export abstract class DingTalkTokenService {
  /** A valid access token. */
  abstract getAccessToken(): Promise<string>;

  /**
   * Drops `rejectedToken` after DingTalk refused it, so the next {@link getAccessToken} gets a
   * fresh one. A token that has already been replaced is left alone.
   */
  abstract invalidate(rejectedToken: string): Promise<void>;
}
