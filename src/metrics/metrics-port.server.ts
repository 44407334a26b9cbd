import { type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { PrometheusMetrics } from './prometheus.metrics';

/**
 * `GET /metrics` on METRICS_PORT, without auth: a port only the monitoring network reaches. Started
 * with the app, closed at shutdown.
 */
export class MetricsPortServer implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly server: Server;

  constructor(
    metrics: PrometheusMetrics,
    private readonly port: number,
    private readonly host: string | undefined,
  ) {
    this.server = createServer((request, response) => {
      if (request.method !== 'GET' || request.url?.split('?')[0] !== '/metrics') {
        response.writeHead(404).end();
        return;
      }
      metrics.scrape().then(
        ({ contentType, body }) =>
          response.writeHead(200, { 'content-type': contentType }).end(body),
        () => response.writeHead(500).end(),
      );
    });
  }

  async onApplicationBootstrap(): Promise<void> {
    this.server.listen(this.port, this.host);
    await once(this.server, 'listening');
  }

  /** The port it listens on (METRICS_PORT). */
  get address(): AddressInfo {
    return this.server.address() as AddressInfo;
  }

  async onApplicationShutdown(): Promise<void> {
    if (!this.server.listening) return;
    this.server.closeAllConnections();
    await new Promise((done) => this.server.close(done));
  }
}
