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
/** DingTalk's per-app, per-API limit on standard organisations. */
export const DEFAULT_RATE_PER_SECOND = 20;
export const DEFAULT_MAX_QUEUE_LENGTH = 1000;
export const DEFAULT_MAX_QUEUE_WAIT_MS = 60_000;
export const DEFAULT_MAX_RETRIES = 3;
export const DEFAULT_RETRY_BUDGET_MS = 10_000;
/** DingTalk's throttling windows are 1 s; it advises waiting about that long. */
export const DEFAULT_THROTTLE_DELAY_MS = 1000;
export const DEFAULT_NETWORK_DELAY_MS = 100;
export const DEFAULT_REDIS_KEY_PREFIX = 'dingtalk:';
/** A Redis command that takes longer than this counts as Redis being unreachable. */
export const REDIS_COMMAND_TIMEOUT_MS = 500;
/** Longest start-up waits for Redis before going on without it. */
export const REDIS_CONNECT_WAIT_MS = 2000;
/** Added to the longest a token fetch can take, to get the lifetime of the token-fetch lock. */
export const TOKEN_LOCK_MARGIN_MS = 5_000;
/** How often instances waiting for another's token fetch look at the shared cache. */
export const TOKEN_LOCK_POLL_MS = 25;
