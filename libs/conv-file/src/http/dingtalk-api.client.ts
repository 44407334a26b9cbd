import { Inject, Injectable } from '@nestjs/common';
import { DingTalkApiError } from '../errors/dingtalk-api.error';
import { DingTalkAuthError } from '../errors/dingtalk-auth.error';
import { DingTalkErrorCodes } from '../errors/dingtalk-error.codes';
import { DingTalkErrorMessages } from '../errors/dingtalk-error.messages';
import { DingTalkRateLimiter } from '../rate-limit/dingtalk-rate-limiter.interface';
import { DingTalkRetrier } from '../retry/dingtalk.retrier';
import { DingTalkTokenService } from '../token/dingtalk-token.service';
import type { ConvFileApiName } from './dingtalk-api.endpoints';
import { DingTalkHttpClient } from './dingtalk-http.client';

/**
 * Calls a convFile API: token, then a rate-limit slot (taken last, so the call leaves in the
 * second it was counted in), then the request, under the retry policy. A call refused with
 * `InvalidAuthentication` drops the token and is made once more with a fresh one; a second
 * refusal is final.
 */
@Injectable()
export class DingTalkApiClient {
  constructor(
    private readonly http: DingTalkHttpClient,
    private readonly tokens: DingTalkTokenService,
    private readonly retrier: DingTalkRetrier,
    @Inject(DingTalkRateLimiter) private readonly limiter: DingTalkRateLimiter,
  ) {}

  async call(
    api: ConvFileApiName,
    unionId: string,
    body: object,
  ): Promise<Record<string, unknown>> {
    try {
      return await this.retrier.run(api, async () => {
        const token = await this.tokens.getAccessToken();
        await this.limiter.acquire(api);
        try {
          return await this.http.post(api, body, { query: { unionId }, accessToken: token });
        } catch (error) {
          if (isInvalidToken(error)) await this.tokens.invalidate(token);
          throw error;
        }
      });
    } catch (error) {
      if (!isInvalidToken(error)) throw error;
      throw new DingTalkAuthError(error.code, DingTalkErrorMessages.stillUnauthenticated(api), {
        api,
        status: error.status,
        requestId: error.requestId,
      });
    }
  }
}

function isInvalidToken(error: unknown): error is DingTalkApiError {
  return error instanceof DingTalkApiError && error.code === DingTalkErrorCodes.invalidToken;
}
