import { Controller, Get, UseFilters } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { HealthCheck, HealthCheckService, type HealthCheckResult } from '@nestjs/terminus';
import { SkipThrottle } from '@nestjs/throttler';
import { DingTalkTokenHealthIndicator } from './dingtalk-token.health-indicator';
import { HealthReportFilter } from './health-report.filter';

/** Liveness and readiness probes: no API key, no rate limit. */
@ApiTags('health')
@SkipThrottle()
@UseFilters(HealthReportFilter)
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
   * Readiness: a DingTalk access token can be had; 503 with Terminus's report otherwise (see
   * HealthReportFilter). The result is reused for READINESS_CACHE_MS (5 s), so probes cannot
   * hammer DingTalk.
   */
  @Get('ready')
  @HealthCheck()
  ready(): Promise<HealthCheckResult> {
    return this.health.check([() => this.dingTalk.check()]);
  }
}
