import type { DynamicModule, INestApplication, NestApplicationOptions } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyReply, FastifyRequest, HookHandlerDoneFunction } from 'fastify';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { RequestContext, RequestScope } from '../logging/request-context';
import type { Exchange, PlatformRequest } from './exchange.interface';
import type { HttpPlatform, HttpPlatformSettings } from './http-platform.interface';

/** Where a request's context waits, on Fastify's request, to be entered again after body parsing. */
const CONTEXT = Symbol('requestContext');

type ObservedRequest = FastifyRequest & PlatformRequest & { [CONTEXT]?: RequestContext };

/** Fastify wraps the raw Node objects; guards and interceptors get its `FastifyRequest`. */
class FastifyExchange implements Exchange {
  constructor(
    readonly request: ObservedRequest,
    readonly rawResponse: ServerResponse,
  ) {}

  get rawRequest(): IncomingMessage {
    return this.request.raw;
  }

  url(): string {
    return this.request.originalUrl;
  }

  /** The route's template, as registered (`/dingtalk/events/:app`); none for the 404 handler. */
  route(): string | undefined {
    return this.request.is404 ? undefined : this.request.routeOptions.url;
  }
}

/**
 * `@nestjs/platform-fastify` (HTTP_ADAPTER=fastify). Fastify parses JSON itself (Nest's parsers
 * are off, as on Express, so other media types are refused with 415), within the server's body
 * limit, raised per route for the batch routes as they are registered.
 */
export class FastifyPlatform implements HttpPlatform {
  constructor(private readonly settings: HttpPlatformSettings) {}

  create(module: DynamicModule, options: NestApplicationOptions): Promise<INestApplication> {
    const { trustProxy, maxBodyBytes, batchesPath, maxBatchBodyBytes } = this.settings;
    const adapter = new FastifyAdapter({ trustProxy, bodyLimit: maxBodyBytes });
    adapter.getInstance().addHook('onRoute', (route) => {
      if (route.url?.startsWith(batchesPath)) route.bodyLimit = maxBatchBodyBytes;
    });
    return NestFactory.create<NestFastifyApplication>(module, adapter, {
      ...options,
      bodyParser: false,
    });
  }

  observeRequests(
    app: INestApplication,
    onRequest: (exchange: Exchange) => RequestContext,
    scope: RequestScope,
  ): void {
    const fastify = (app as NestFastifyApplication).getHttpAdapter().getInstance();
    fastify.addHook(
      'onRequest',
      (request: ObservedRequest, reply: FastifyReply, done: HookHandlerDoneFunction) => {
        const context = onRequest(new FastifyExchange(request, reply.raw));
        request[CONTEXT] = context;
        scope(context, done);
      },
    );
    // The body arrives in events of the socket's context, not the request's: enter it again.
    fastify.addHook(
      'preValidation',
      (request: ObservedRequest, _reply: FastifyReply, done: HookHandlerDoneFunction) => {
        const context = request[CONTEXT];
        if (context) scope(context, done);
        else done();
      },
    );
  }
}
