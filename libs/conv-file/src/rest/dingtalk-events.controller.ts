import { Controller, HttpCode, Param, Post, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { DingTalkEventReceiver } from '../callback/dingtalk-event.receiver';
import type {
  ConvFileRoutes,
  DingTalkEventRoutesOptions,
} from '../options/conv-file-module-extras.interface';

/** What the route reads of a request, on Express and on Fastify alike. */
interface EventRequest {
  query?: Record<string, unknown>;
  body?: unknown;
}

/** The part of Express's and Fastify's response the route sets. */
interface EventResponse {
  status(code: number): unknown;
}

/**
 * DingTalk's HTTP event push for the third-party apps that have a `callback`, at
 * `POST /<path>/<app>`: register that URL with DingTalk as the app's event URL. DingTalk's
 * signature is the route's authentication, so it takes no API key: do not guard it with one.
 * Left out of the OpenAPI description, since DingTalk is its only client.
 */
export function dingTalkEventRoutes(options: DingTalkEventRoutesOptions = {}): ConvFileRoutes {
  @ApiExcludeController()
  @Controller(options.path ?? 'dingtalk/events')
  class DingTalkEventsController {
    constructor(private readonly receiver: DingTalkEventReceiver) {}

    @Post(':app')
    @HttpCode(200)
    async receive(
      @Param('app') app: string,
      @Req() request: EventRequest,
      @Res({ passthrough: true }) response: EventResponse,
    ): Promise<object> {
      const push = { query: request.query ?? {}, body: request.body };
      const answer = await this.receiver.receive(app, push);
      response.status(answer.status);
      return answer.body;
    }
  }
  return { controller: DingTalkEventsController };
}
