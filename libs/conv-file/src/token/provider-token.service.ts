import { Logger } from '@nestjs/common';
import { ConvFileErrorCodes } from '../errors/dingtalk-error.codes';
import { DingTalkAuthError } from '../errors/dingtalk-auth.error';
import { DingTalkError } from '../errors/dingtalk.error';
import { DingTalkErrorMessages } from '../messages/dingtalk-error.messages';
import { DingTalkLogMessages } from '../messages/dingtalk-log.messages';
import type { DingTalkAccessTokenProvider } from '../options/dingtalk-access-token-provider.interface';
import { DingTalkTokenService } from './dingtalk-token.service';

/**
 * Tokens from the caller's `accessTokenProvider`, asked before every call and not cached. Its
 * failures become a typed error that never repeats the provider's own message (it may name a vault
 * or a secret).
 */
export class ProviderTokenService extends DingTalkTokenService {
  private readonly logger = new Logger('DingTalkToken');

  constructor(private readonly provider: DingTalkAccessTokenProvider) {
    super();
  }

  async getAccessToken(): Promise<string> {
    let token: unknown;
    try {
      token = await this.provider.getAccessToken();
    } catch (error) {
      if (error instanceof DingTalkError) throw error;
      throw new DingTalkAuthError(DingTalkErrorMessages.tokenProviderFailed(errorName(error)), {
        code: ConvFileErrorCodes.accessTokenUnavailable,
      });
    }
    if (typeof token !== 'string' || token.length === 0) {
      throw new DingTalkAuthError(DingTalkErrorMessages.tokenProviderEmpty, {
        code: ConvFileErrorCodes.accessTokenUnavailable,
      });
    }
    return token;
  }

  /** A provider's own failure to forget a token must not replace DingTalk's answer. */
  async invalidate(rejectedToken: string): Promise<void> {
    try {
      await this.provider.invalidate?.(rejectedToken);
    } catch (error) {
      this.logger.warn(DingTalkLogMessages.tokenProviderInvalidateFailed(errorName(error)));
    }
  }
}

function errorName(error: unknown): string {
  return error instanceof Error ? error.name : typeof error;
}
