import type { DynamicModule, INestApplication, NestApplicationOptions } from '@nestjs/common';
import type { TrustProxy } from '../config/trust-proxy.parser';
import type { RequestContext, RequestScope } from '../logging/request-context';
import type { Exchange } from './exchange.interface';

/** What the sample app asks of the HTTP platform it runs on, whichever it is. */
export interface HttpPlatformSettings {
  /** TRUST_PROXY: whose `X-Forwarded-For` names the client. */
  trustProxy: TrustProxy;
  /** Largest JSON body of most routes; larger ones are answered 413. */
  maxBodyBytes: number;
  /** The routes under this path prefix take bodies up to `maxBatchBodyBytes`. */
  batchesPath: string;
  maxBatchBodyBytes: number;
}

/**
 * One HTTP platform (HTTP_ADAPTER), chosen once when the app is built: everything that differs
 * between Express and Fastify lives behind this, so no request asks which one it runs on.
 */
export interface HttpPlatform {
  /** Creates the app on this platform: its body limits and TRUST_PROXY set, not yet listening. */
  create(module: DynamicModule, options: NestApplicationOptions): Promise<INestApplication>;
  /**
   * Calls `onRequest` as each request arrives, before its body is read, and runs the rest of
   * the request through `scope` with the context it returns (see `requestScope`).
   */
  observeRequests(
    app: INestApplication,
    onRequest: (exchange: Exchange) => RequestContext,
    scope: RequestScope,
  ): void;
}
