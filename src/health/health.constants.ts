/**
 * How long, in ms, a readiness result is reused after it settled: `/health/ready` is anonymous
 * and unthrottled, so a flood of probes causes at most one token request per period.
 */
export const READINESS_CACHE_MS = 5_000;

/** Name of the DingTalk check in the readiness report. */
export const DINGTALK_HEALTH_KEY = 'dingtalk';
