import { Injectable } from '@nestjs/common';
import { DingTalkApiError } from '../errors/dingtalk-api.error';
import { DingTalkAuthError } from '../errors/dingtalk-auth.error';
import { DingTalkErrorMessages } from '../errors/dingtalk-error.messages';
import { DingTalkTokenService } from '../token/dingtalk-token.service';
import type { ConvFileApiName } from './dingtalk-api.endpoints';
import { DingTalkHttpClient } from './dingtalk-http.client';

const INVALID_TOKEN_CODE = 'InvalidAuthentication';

/**
 * Calls a convFile API with the app's token. A call refused with `InvalidAuthentication` was
 * certainly not carried out, so it is repeated once with a fresh token; a second refusal is final.
 */
@Injectable()
export class DingTalkApiClient {
  constructor(
    private readonly http: DingTalkHttpClient,
    private readonly tokens: DingTalkTokenService,
  ) {}

  async call(
    api: ConvFileApiName,
    unionId: string,
    body: object,
  ): Promise<Record<string, unknown>> {
    const token = await this.tokens.getAccessToken();
    try {
      return await this.http.post(api, body, { query: { unionId }, accessToken: token });
    } catch (error) {
      if (!isInvalidToken(error)) throw error;
      await this.tokens.invalidate(token);
    }
    const freshToken = await this.tokens.getAccessToken();
    try {
      return await this.http.post(api, body, { query: { unionId }, accessToken: freshToken });
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
  return error instanceof DingTalkApiError && error.code === INVALID_TOKEN_CODE;
}
