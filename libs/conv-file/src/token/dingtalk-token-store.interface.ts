/** A token as shared between instances. */
export interface StoredAccessToken {
  accessToken: string;
  /** Epoch ms after which it should no longer be used (DingTalk's expiry less the refresh margin). */
  expiresAt: number;
}

/**
 * Where access tokens are shared between instances: the app's `CACHE_MANAGER`, or the module's
 * Redis. Every method resolves (never throws): a store outage must not stop calls, it only costs
 * a token fetch.
 */
export interface DingTalkTokenStore {
  get(key: string): Promise<StoredAccessToken | undefined>;
  set(key: string, token: StoredAccessToken, ttlMs: number): Promise<void>;
  delete(key: string): Promise<void>;
}
