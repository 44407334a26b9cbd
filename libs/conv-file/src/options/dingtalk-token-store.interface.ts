/** A token as shared between instances. */
export interface StoredAccessToken {
  accessToken: string;
  /** Epoch ms after which it should no longer be used (DingTalk's expiry less the refresh margin). */
  expiresAt: number;
}

/**
 * Where access tokens are shared between instances (the `tokenStore` option). Every method
 * resolves, never throws: a store outage must not stop calls, it only costs a token fetch.
 * Inject the module's store with `@Inject(DingTalkTokenStore)`.
 */
export interface DingTalkTokenStore {
  get(key: string): Promise<StoredAccessToken | undefined>;
  /** `ttlMs` is in milliseconds. */
  set(key: string, token: StoredAccessToken, ttlMs: number): Promise<void>;
  delete(key: string): Promise<void>;
}

/** Injection token of the module's {@link DingTalkTokenStore}. */
export const DingTalkTokenStore = Symbol('DingTalkTokenStore');

/** True for a value that has the shape of a stored token (a shared store may hold anything). */
export function isStoredToken(value: unknown): value is StoredAccessToken {
  const candidate = value as Partial<StoredAccessToken> | null | undefined;
  return typeof candidate?.accessToken === 'string' && typeof candidate.expiresAt === 'number';
}
