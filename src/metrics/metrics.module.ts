import { Module, type DynamicModule } from '@nestjs/common';
import type { AppConfig } from '../config/app-config.interface';
import { MetricsController } from './metrics.controller';
import { MetricsPortServer } from './metrics-port.server';
import { PrometheusMetrics } from './prometheus.metrics';

/**
 * Prometheus metrics (see AppConfig.metrics): the registry, global so that ConvFileModule's
 * factory can hand it to the library as its observer; `/metrics` behind METRICS_TOKEN on the
 * app's port, and/or on METRICS_PORT.
 */
@Module({})
export class MetricsModule {
  static register(metrics: NonNullable<AppConfig['metrics']>, host?: string): DynamicModule {
    return {
      module: MetricsModule,
      global: true,
      providers: [
        { provide: PrometheusMetrics, useFactory: () => new PrometheusMetrics() },
        ...(metrics.port === undefined
          ? []
          : [
              {
                provide: MetricsPortServer,
                inject: [PrometheusMetrics],
                useFactory: (registry: PrometheusMetrics) =>
                  new MetricsPortServer(registry, metrics.port!, host),
              },
            ]),
      ],
      controllers: metrics.token === undefined ? [] : [MetricsController],
      exports: [PrometheusMetrics],
    };
  }
}
