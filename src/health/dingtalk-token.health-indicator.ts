import { Injectable } from '@nestjs/common';
import { HealthIndicatorService, type HealthIndicatorResult } from '@nestjs/terminus';
import { DingTalkError, DingTalkTokenService } from '@nest-dingtalk/conv-file';
import { AppMessages } from '../app.messages';
import { DINGTALK_HEALTH_KEY, READINESS_CACHE_MS } from './health.constants';

/**
 * Ready when a DingTalk access token can be had (from the cache or DingTalk). A result is reused
 * for READINESS_CACHE_MS after it settled, and concurrent probes share one check, so probes never
 * ask DingTalk's token endpoint more than once per period.
 */
@Injectable()
export class DingTalkTokenHealthIndicator {
  private latest: LatestCheck | undefined;

  constructor(
    private readonly indicators: HealthIndicatorService,
    private readonly tokens: DingTalkTokenService,
  ) {}

  check(): Promise<HealthIndicatorResult> {
    if (this.latest && Date.now() < this.latest.reusableUntil) return this.latest.result;
    const latest: LatestCheck = { result: this.probe(), reusableUntil: Number.POSITIVE_INFINITY };
    this.latest = latest;
    // Shared while in flight; the period starts when the check settles (probe() never rejects).
    void latest.result.then(() => {
      latest.reusableUntil = Date.now() + READINESS_CACHE_MS;
    });
    return latest.result;
  }

  private async probe(): Promise<HealthIndicatorResult> {
    const indicator = this.indicators.check(DINGTALK_HEALTH_KEY);
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

interface LatestCheck {
  result: Promise<HealthIndicatorResult>;
  /** Epoch ms; infinite while the check runs. */
  reusableUntil: number;
}
