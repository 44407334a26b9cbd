import { Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { DingTalkTokenHealthIndicator } from './dingtalk-token.health-indicator';
import { HealthController } from './health.controller';

/** `/health` and `/health/ready`. Needs ConvFileModule registered globally. */
@Module({
  imports: [TerminusModule],
  controllers: [HealthController],
  providers: [DingTalkTokenHealthIndicator],
})
export class HealthModule {}
