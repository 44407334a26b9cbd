import type { ConvFileApiName } from '../endpoints/dingtalk-api.endpoints';

/**
 * Paces calls to DingTalk. Inject it with `@Inject(DingTalkRateLimiter)` to pace your own
 * DingTalk calls under the same limit.
 */
export interface DingTalkRateLimiter {
  /**
   * Resolves when one call to `api` may be made now. Rejects at once with
   * {@link DingTalkRateLimitError} when the call would wait longer than allowed.
   * @param caller whose limit: the appKey of an internal app, `<suiteKey>/<corpId>` for a
   * third-party app in one organization (DingTalk limits those per organization).
   * @default the module's default app
   */
  acquire(api: ConvFileApiName, caller?: string): Promise<void>;
}

/** Injection token of {@link DingTalkRateLimiter}. */
export const DingTalkRateLimiter = Symbol('DingTalkRateLimiter');

/** The limiter when `rateLimit: false`: every call may go at once. */
export const unlimitedRateLimiter: DingTalkRateLimiter = { acquire: () => Promise.resolve() };
