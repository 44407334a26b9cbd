import { Catch, Inject, Optional, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { CONV_FILE_OPTIONS } from '../options/inject-conv-file-options.decorator';
import { DingTalkError } from '../errors/dingtalk.error';
import { ANSWERED_DINGTALK_ERROR } from './answered-error.constants';
import type { ConvFileModuleOptions } from '../options/conv-file-module-options.interface';
import { toDingTalkHttpAnswer } from './dingtalk-error-status.mapper';
import { replyWithErrorAnswer } from './dingtalk-error.reply';

/**
 * Answers library errors in DingTalk's error shape, `{ code, message, requestid }`, with the
 * status the code calls for. Without DingTalk's request id, `requestid` is the inbound
 * `x-request-id`, and only when it matches `REQUEST_ID.pattern` (an app may use the filter without
 * any middleware checking the header). Not applied automatically: use
 * `@UseFilters(DingTalkExceptionFilter)`, an `APP_FILTER` provider, or
 * `app.useGlobalFilters(app.get(DingTalkExceptionFilter))`. Resolved through DI it honours the
 * module's `errorStatusOverrides`; `new DingTalkExceptionFilter(options)` works too. The error it
 * answered is left on the request under {@link ANSWERED_DINGTALK_ERROR}.
 */
@Catch(DingTalkError)
export class DingTalkExceptionFilter implements ExceptionFilter<DingTalkError> {
  constructor(
    @Optional()
    @Inject(CONV_FILE_OPTIONS)
    private readonly options?: Pick<ConvFileModuleOptions, 'errorStatusOverrides'>,
    @Optional() private readonly adapterHost?: HttpAdapterHost,
  ) {}

  catch(error: DingTalkError, host: ArgumentsHost): void {
    if (host.getType() !== 'http') throw error;
    // For the app's request log: the code and DingTalk's request id of what was answered.
    const request = host.switchToHttp().getRequest<AnsweredRequest | undefined>();
    if (request) request[ANSWERED_DINGTALK_ERROR] = error;
    const answer = toDingTalkHttpAnswer(error, this.options?.errorStatusOverrides);
    replyWithErrorAnswer(host, answer, this.adapterHost?.httpAdapter);
  }
}

interface AnsweredRequest {
  [ANSWERED_DINGTALK_ERROR]?: DingTalkError;
}
