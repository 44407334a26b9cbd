/** Default THROTTLE_TTL_MS: the inbound rate limit counts per minute. */
export const DEFAULT_THROTTLE_TTL_MS = 60_000;

/**
 * Default THROTTLE_LIMIT, per key and per THROTTLE_TTL_MS. The inbound limit is a guard against
 * floods, not the pacing to DingTalk (the library's outbound queue does that, making excess calls
 * wait): one client must be able to use the app's whole DingTalk budget, 4 APIs × 20 calls/s =
 * 4800 calls a minute, so the default sits above it, at 100 requests a second.
 */
export const DEFAULT_THROTTLE_LIMIT = 6000;
