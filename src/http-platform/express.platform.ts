import type { DynamicModule, INestApplication, NestApplicationOptions } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { json, type Request, type Response } from 'express';
import type { RequestContext, RequestScope } from '../logging/request-context';
import type { Exchange, PlatformRequest } from './exchange.interface';
import type { HttpPlatform, HttpPlatformSettings } from './http-platform.interface';

/** Express hands the raw Node request and response to middleware, with its own fields added. */
class ExpressExchange implements Exchange {
  constructor(
    readonly rawRequest: Request,
    readonly rawResponse: Response,
  ) {}

  get request(): PlatformRequest {
    return this.rawRequest as PlatformRequest;
  }

  url(): string {
    return this.rawRequest.originalUrl;
  }

  /** Express sets `route` on a request it routed, with the template relative to `baseUrl`. */
  route(): string | undefined {
    const template: unknown = (this.rawRequest.route as { path?: unknown } | undefined)?.path;
    return typeof template === 'string' ? `${this.rawRequest.baseUrl}${template}` : undefined;
  }
}

/** `@nestjs/platform-express`, the default. */
export class ExpressPlatform implements HttpPlatform {
  constructor(private readonly settings: HttpPlatformSettings) {}

  create(module: DynamicModule, options: NestApplicationOptions): Promise<INestApplication> {
    // Bodies are parsed by observeRequests' parsers, after the request log has started.
    return NestFactory.create<NestExpressApplication>(module, { ...options, bodyParser: false });
  }

  observeRequests(
    app: INestApplication,
    onRequest: (exchange: Exchange) => RequestContext,
    scope: RequestScope,
  ): void {
    const express = app as NestExpressApplication;
    express.disable('x-powered-by');
    // Behind a proxy, so that the inbound rate limit counts clients, not the proxy (TRUST_PROXY).
    express.set('trust proxy', this.settings.trustProxy);
    express.use((request: Request, response: Response, next: () => void) => {
      scope(onRequest(new ExpressExchange(request, response)), next);
    });
    // The batch routes' own, larger limit first: a body it parsed is not parsed again.
    express.use(this.settings.batchesPath, json({ limit: this.settings.maxBatchBodyBytes }));
    express.useBodyParser('json', { limit: this.settings.maxBodyBytes });
  }
}
