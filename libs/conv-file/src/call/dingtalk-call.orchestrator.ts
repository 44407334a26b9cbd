import { Inject, Injectable, Logger } from '@nestjs/common';
import type { ConvFileApiName } from '../endpoints/dingtalk-api.endpoints';
import { DingTalkApiError } from '../errors/dingtalk-api.error';
import { DingTalkAuthError } from '../errors/dingtalk-auth.error';
import { DingTalkErrorCodes } from '../errors/dingtalk-error.codes';
import { DingTalkErrorMessages } from '../messages/dingtalk-error.messages';
import { DingTalkLogMessages } from '../messages/dingtalk-log.messages';
import { DingTalkRateLimiter } from '../rate-limit/dingtalk-rate-limiter.interface';
import { DingTalkRetrier } from '../retry/dingtalk.retrier';
import { DingTalkHttpTransport } from '../transport/dingtalk-http.transport';
import type { DingTalkCallTarget } from './dingtalk-call.targets';

/** What a caller may run inside a call. */
export interface DingTalkCallHooks {
  /**
   * Runs before each attempt's request, once its rate-limit slot is taken: the last moment
   * before anything may reach DingTalk. If it throws, the request is not made and the call fails
   * with its error (never retried).
   */
  beforeSend?(): Promise<void>;
}

/**
 * Makes one convFile call: gets the token, then, under the retry policy, takes a rate-limit slot
 * (last, so the call leaves in the second it was counted in) and sends the request. The one
 * place where an `InvalidAuthentication` answer drops the token and the call is made once more
 * with a fresh one (it certainly did not run); a second refusal is a {@link DingTalkAuthError}.
 */
@Injectable()
export class DingTalkCallOrchestrator {
  private readonly logger = new Logger('DingTalkRetry');

  constructor(
    @Inject(DingTalkRateLimiter) private readonly limiter: DingTalkRateLimiter,
    private readonly retrier: DingTalkRetrier,
    private readonly transport: DingTalkHttpTransport,
  ) {}

  /** Makes the call as `target`: with its app's (and organization's) token, under its rate limit. */
  async call(
    target: DingTalkCallTarget,
    api: ConvFileApiName,
    query: Record<string, string>,
    body: object,
    hooks: DingTalkCallHooks = {},
  ): Promise<Record<string, unknown>> {
    const { tokens } = target;
    const token = await tokens.getAccessToken();
    try {
      return await this.attempt(target, api, token, query, body, hooks);
    } catch (error) {
      if (!isInvalidToken(error)) throw error;
      await tokens.invalidate(token);
    }
    this.logger.debug(DingTalkLogMessages.retryWithFreshToken(api));
    const freshToken = await tokens.getAccessToken();
    try {
      return await this.attempt(target, api, freshToken, query, body, hooks);
    } catch (error) {
      if (!isInvalidToken(error)) throw error;
      throw new DingTalkAuthError(DingTalkErrorMessages.stillUnauthenticated(api), {
        code: error.code,
        api,
        status: error.status,
        requestId: error.requestId,
      });
    }
  }

  private attempt(
    target: DingTalkCallTarget,
    api: ConvFileApiName,
    accessToken: string,
    query: Record<string, string>,
    body: object,
    hooks: DingTalkCallHooks,
  ): Promise<Record<string, unknown>> {
    return this.retrier.run(api, async () => {
      await this.limiter.acquire(api, target.rateCaller);
      await hooks.beforeSend?.();
      return this.transport.post(api, body, { query, accessToken });
    });
  }
}

function isInvalidToken(error: unknown): error is DingTalkApiError {
  return error instanceof DingTalkApiError && error.code === DingTalkErrorCodes.invalidToken;
}
