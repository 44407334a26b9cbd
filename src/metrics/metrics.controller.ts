import { Controller, Get, StreamableFile, UseGuards } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { SkipThrottle } from '@nestjs/throttler';
import { MetricsTokenGuard } from './metrics-token.guard';
import { PrometheusMetrics } from './prometheus.metrics';

/** `GET /metrics` on the app's port, for Prometheus with METRICS_TOKEN; not in the API docs. */
@ApiExcludeController()
@SkipThrottle()
@UseGuards(MetricsTokenGuard)
@Controller('metrics')
export class MetricsController {
  constructor(private readonly metrics: PrometheusMetrics) {}

  /**
   * A StreamableFile, because Express and Fastify both send it with its content type as given
   * (a string answer would get Express's charset rewritten into Prometheus's content type).
   */
  @Get()
  async scrape(): Promise<StreamableFile> {
    const { contentType, body } = await this.metrics.scrape();
    return new StreamableFile(Buffer.from(body), { type: contentType });
  }
}
