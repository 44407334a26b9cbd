import {
  Catch,
  Inject,
  Logger,
  Optional,
  type ArgumentsHost,
  type ExceptionFilter,
} from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { CONV_FILE_OPTIONS } from '../options/inject-conv-file-options.decorator';
import { DingTalkLogMessages } from '../messages/dingtalk-log.messages';
import { DingTalkError } from '../errors/dingtalk.error';
import type { ConvFileModuleOptions } from '../options/conv-file-module-options.interface';
import { replyWithErrorAnswer } from './dingtalk-error.reply';
import { DingTalkExceptionFilter } from './dingtalk-exception.filter';
import { toGatewayHttpAnswer } from './gateway-error-status.mapper';

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
    const answer = toGatewayHttpAnswer(error);
    if (answer.status >= 500) {
      const request = host.switchToHttp().getRequest<GatewayRequest>();
      this.logger.error(
        DingTalkLogMessages.unexpectedError(request.method ?? '?', pathOf(request)),
        error instanceof Error ? error.stack : String(error),
      );
    }
    replyWithErrorAnswer(host, answer, this.adapterHost?.httpAdapter);
  }
}

interface GatewayRequest {
  method?: string;
  url?: string;
}

/** The path without the query string, which may carry user ids. */
function pathOf(request: GatewayRequest): string {
  return (request.url ?? '').split('?')[0];
}
