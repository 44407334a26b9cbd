import {
  Catch,
  Inject,
  Logger,
  Optional,
  type ArgumentsHost,
  type ExceptionFilter,
} from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { CONV_FILE_OPTIONS } from '../conv-file.module-definition';
import { DingTalkErrorMessages } from '../errors/dingtalk-error.messages';
import { DingTalkError } from '../errors/dingtalk.error';
import type { ConvFileModuleOptions } from '../interfaces/conv-file-module-options.interface';
import { DingTalkExceptionFilter } from './dingtalk-exception.filter';
import type { ExpressLikeResponse } from './express-like-response.interface';
import { toGatewayHttpAnswer } from './gateway-error-status.mapper';
import { safeInboundRequestId } from './request-id.util';

/**
 * Answers **every** error of an HTTP request in DingTalk's error shape,
 * `{ code, message, requestid }`: library errors as {@link DingTalkExceptionFilter} does, Nest
 * `HttpException`s (guards, throttling, unknown routes, malformed JSON) and body-parser errors
 * (a body over the size limit) with the codes of {@link GATEWAY_ERRORS}, anything else as a 500
 * `systemError` that is logged but not described to the caller. Without DingTalk's request id,
 * `requestid` is the inbound `x-request-id` header, and only when it matches `REQUEST_ID.pattern`.
 *
 * The library's routes use it already. It is not applied to the rest of an app automatically:
 * `app.useGlobalFilters(app.get(DingTalkHttpExceptionFilter))` (or an `APP_FILTER` provider)
 * gives unknown routes and body-parser errors the same shape.
 */
@Catch()
export class DingTalkHttpExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger(DingTalkHttpExceptionFilter.name);
  private readonly dingTalkErrors: DingTalkExceptionFilter;

  constructor(
    @Optional()
    @Inject(CONV_FILE_OPTIONS)
    options?: Pick<ConvFileModuleOptions, 'errorStatusOverrides'>,
    @Optional() private readonly adapterHost?: HttpAdapterHost,
  ) {
    this.dingTalkErrors = new DingTalkExceptionFilter(options, adapterHost);
  }

  catch(error: unknown, host: ArgumentsHost): void {
    if (host.getType() !== 'http') throw error;
    if (error instanceof DingTalkError) {
      this.dingTalkErrors.catch(error, host);
      return;
    }
    const http = host.switchToHttp();
    const request = http.getRequest<GatewayRequest>();
    const response = http.getResponse<ExpressLikeResponse>();
    const { status, body } = toGatewayHttpAnswer(error);
    if (status >= 500) {
      this.logger.error(
        DingTalkErrorMessages.unexpectedError(request.method ?? '?', pathOf(request)),
        error instanceof Error ? error.stack : String(error),
      );
    }
    const inboundId = safeInboundRequestId(request.headers);
    if (inboundId !== undefined) body.requestid = inboundId;

    const adapter = this.adapterHost?.httpAdapter;
    if (adapter) {
      if (adapter.isHeadersSent(response)) {
        adapter.end(response);
        return;
      }
      adapter.reply(response, body, status);
      return;
    }
    if (response.headersSent) {
      response.end();
      return;
    }
    response.status(status).json(body);
  }
}

interface GatewayRequest {
  method?: string;
  url?: string;
  headers?: Record<string, unknown>;
}

/** The path without the query string, which may carry user ids. */
function pathOf(request: GatewayRequest): string {
  return (request.url ?? '').split('?')[0];
}
