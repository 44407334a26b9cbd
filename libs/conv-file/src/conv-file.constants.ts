/** Default DingTalk open-platform host. */
export const DEFAULT_DINGTALK_BASE_URL = 'https://api.dingtalk.com';
/** Default per-call timeout. */
export const DEFAULT_TIMEOUT_MS = 10_000;
/** Default margin by which a cached token expires before DingTalk's own expiry. */
export const DEFAULT_TOKEN_REFRESH_MARGIN_MS = 5 * 60_000;
/** DingTalk documents 7200 s; a missing or non-positive expireIn is read as this (clients that trusted 0 refetched in a loop). */
export const FALLBACK_TOKEN_EXPIRE_IN_SECONDS = 7200;
/** After DingTalk rejects the app's credentials, further fetches fail fast for this long instead of hammering the token endpoint. */
export const AUTH_FAILURE_COOLDOWN_MS = 10_000;
/** Prefix of the token cache key; the appKey is appended so several apps never share a token. */
export const TOKEN_CACHE_KEY_PREFIX = 'dingtalk:access-token:';
/** Header that carries the access token on every DingTalk v1.0 call. */
export const ACCESS_TOKEN_HEADER = 'x-acs-dingtalk-access-token';
/** Longest id the DTOs accept: DingTalk ids are far shorter; anything longer is a mistake or an attack. */
export const MAX_ID_LENGTH = 128;
