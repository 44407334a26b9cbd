import { Controller, Get, Res, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { SkipThrottle } from '@nestjs/throttler';
import type { ServerResponse } from 'node:http';
import { MetricsTokenGuard } from './metrics-token.guard';
import { PrometheusMetrics } from './prometheus.metrics';

/** `GET /metrics` on the app's port, for Prometheus with METRICS_TOKEN; not in the API docs. */
@ApiExcludeController()
@SkipThrottle()
@UseGuards(MetricsTokenGuard)
@Controller('metrics')
export class MetricsController {
  constructor(private readonly metrics: PrometheusMetrics) {}

  @Get()
  async scrape(@Res() response: ServerResponse): Promise<void> {
    const { contentType, body } = await this.metrics.scrape();
    response.writeHead(200, { 'content-type': contentType }).end(body);
  }
}
