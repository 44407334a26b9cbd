import { Injectable, type OnModuleDestroy } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { HttpAdapterHost } from '@nestjs/core';
import type { Server } from 'node:http';
import type { AppConfig } from '../config/app-config.interface';

/** How often, while draining, connections that went idle are closed. */
const IDLE_SWEEP_MS = 50;

/**
 * Drains the HTTP server when the app closes (SIGTERM with shutdown hooks, or `app.close()`):
 * stops accepting connections, waits for in-flight requests, and cuts those still running after
 * SHUTDOWN_TIMEOUT_MS so a stuck call cannot hold the process. A keep-alive connection is closed
 * as soon as it is idle, once its answer is out, instead of at the end of its keep-alive timeout
 * (5 s on Express, 72 s on Fastify), which would hold the shutdown that long. It lives in the root module
 * because Nest calls `onModuleDestroy` from the root outwards: the drain ends before any other
 * module lets go of what requests use (the library's Redis connection closes in its own hook).
 */
@Injectable()
export class GracefulShutdownService implements OnModuleDestroy {
  constructor(
    private readonly adapterHost: HttpAdapterHost,
    private readonly config: ConfigService<AppConfig, true>,
  ) {}

  async onModuleDestroy(): Promise<void> {
    const server = this.adapterHost.httpAdapter?.getHttpServer() as Server | undefined;
    if (!server?.listening) return;
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    const deadline = setTimeout(
      () => server.closeAllConnections(),
      this.config.get('shutdownTimeoutMs', { infer: true }),
    );
    const idleSweep = setInterval(() => server.closeIdleConnections(), IDLE_SWEEP_MS);
    try {
      await closed;
    } finally {
      clearTimeout(deadline);
      clearInterval(idleSweep);
    }
  }
}
