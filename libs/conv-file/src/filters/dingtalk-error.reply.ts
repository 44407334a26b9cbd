import type { ArgumentsHost, HttpServer } from '@nestjs/common';
import type { DingTalkHttpAnswer } from './dingtalk-error-status.mapper';
import type { ExpressLikeResponse } from './express-like-response.interface';
import { safeInboundRequestId } from '../request-id/request-id.util';

/**
 * Writes an error answer for both filters: its status, a `Retry-After` header when it has one, and
 * its body, through Nest's HTTP adapter when there is one, else on an Express-like response.
 * Without DingTalk's request id, the body's `requestid` is the inbound one when it is safe to echo.
 * Once the headers are out, another answer cannot be written: the response is only ended.
 */
export function replyWithErrorAnswer(
  host: ArgumentsHost,
  answer: DingTalkHttpAnswer,
  adapter: HttpServer | undefined,
): void {
  const http = host.switchToHttp();
  const response = http.getResponse<ExpressLikeResponse>();
  const inboundId = safeInboundRequestId(
    http.getRequest<{ headers?: Record<string, unknown> } | undefined>()?.headers,
  );
  const body =
    answer.body.requestid || inboundId === undefined
      ? answer.body
      : { ...answer.body, requestid: inboundId };
  const retryAfter =
    answer.retryAfterSeconds === undefined ? undefined : String(answer.retryAfterSeconds);

  if (adapter) {
    if (adapter.isHeadersSent(response)) {
      adapter.end(response);
      return;
    }
    if (retryAfter !== undefined) adapter.setHeader(response, 'Retry-After', retryAfter);
    adapter.reply(response, body, answer.status);
    return;
  }
  if (response.headersSent) {
    response.end();
    return;
  }
  if (retryAfter !== undefined) response.setHeader('Retry-After', retryAfter);
  response.status(answer.status).json(body);
}
