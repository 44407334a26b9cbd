import { Controller, Get, Res, ServiceUnavailableException } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { HealthCheck, HealthCheckService, type HealthCheckResult } from '@nestjs/terminus';
import { SkipThrottle } from '@nestjs/throttler';
import { DingTalkTokenHealthIndicator } from './dingtalk-token.health-indicator';

/** Liveness and readiness probes: no API key, no rate limit. */
@ApiTags('health')
@SkipThrottle()
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly dingTalk: DingTalkTokenHealthIndicator,
  ) {}

  /** Liveness: the process answers. */
  @Get()
  @HealthCheck()
  live(): Promise<HealthCheckResult> {
    return this.health.check([]);
  }

  /**
   * Readiness: a DingTalk access token can be had. 503 with Terminus's report otherwise. The
   * result is reused for READINESS_CACHE_MS (5 s), so probes cannot hammer DingTalk.
   */
  @Get('ready')
  @HealthCheck()
  async ready(
    @Res({ passthrough: true }) response: { status(code: number): unknown },
  ): Promise<HealthCheckResult> {
    try {
      return await this.health.check([() => this.dingTalk.check()]);
    } catch (error) {
      // Probes and operators want Terminus's report, not the DingTalk-shaped error of the API routes.
      if (!(error instanceof ServiceUnavailableException)) throw error;
      response.status(error.getStatus());
      return error.getResponse() as HealthCheckResult;
    }
  }
}
