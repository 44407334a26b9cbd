import { Injectable } from '@nestjs/common';
import { HealthIndicatorService, type HealthIndicatorResult } from '@nestjs/terminus';
import { DingTalkError, DingTalkTokenService } from '@nest-dingtalk/conv-file';
import { AppMessages } from '../app.messages';

/** Ready when a DingTalk access token can be had (from the cache or DingTalk). */
@Injectable()
export class DingTalkTokenHealthIndicator {
  constructor(
    private readonly indicators: HealthIndicatorService,
    private readonly tokens: DingTalkTokenService,
  ) {}

  async check(key: string): Promise<HealthIndicatorResult> {
    const indicator = this.indicators.check(key);
    try {
      await this.tokens.getAccessToken();
      return indicator.up();
    } catch (error) {
      // Library errors carry a code and a message without secrets; anything else says nothing.
      return error instanceof DingTalkError
        ? indicator.down({ code: error.code, message: error.message })
        : indicator.down({ message: AppMessages.dingTalkUnexpected });
    }
  }
}
