import { Logger } from '@nestjs/common';
import { ANSWERED_DINGTALK_ERROR, REQUEST_ID } from '@nest-dingtalk/conv-file';
import { randomUUID } from 'node:crypto';
import type { Exchange } from '../http-platform/exchange.interface';
import type { RequestContext } from './request-context';

const MAX_LOGGED_PATH = 200;

/**
 * Called by the HTTP platform as each request arrives (before its body is read, so even a refused
 * body is logged and carries a request id): gives the request an id, the inbound `x-request-id`
 * when it is sane, else a new UUID, returns it in the `x-request-id` response header, and logs one
 * line when the exchange ends: method, path (never the query), status, duration, id, the API
 * key's id and, for failed DingTalk calls, the error code and DingTalk's request id. Never
 * headers, queries or bodies. Returns the context the platform runs the rest of the request in.
 */
export function createRequestLog(
  logger = new Logger('HTTP'),
  format: 'text' | 'json' = 'text',
): (exchange: Exchange) => RequestContext {
  return (exchange) => {
    const { rawRequest: request, rawResponse: response } = exchange;
    // Inbound ids end up in logs and answers: only those the library's filters would echo are kept.
    const inbound = request.headers[REQUEST_ID.header];
    const requestId =
      typeof inbound === 'string' && REQUEST_ID.pattern.test(inbound) ? inbound : randomUUID();
    // Exception filters answer with the id they find here, so logs and answers agree.
    request.headers[REQUEST_ID.header] = requestId;
    response.setHeader(REQUEST_ID.header, requestId);
    const started = performance.now();

    response.once('close', () => {
      const path = exchange.url().split('?')[0];
      const failure = exchange.request[ANSWERED_DINGTALK_ERROR];
      const fields = {
        method: request.method,
        path: path.length > MAX_LOGGED_PATH ? `${path.slice(0, MAX_LOGGED_PATH)}…` : path,
        status: response.writableFinished ? response.statusCode : 'aborted',
        durationMs: Math.round(performance.now() - started),
        requestId,
        client: exchange.request.apiClient?.id,
        api: failure?.api,
        code: failure?.code,
        requestid: failure?.requestId,
      };
      const parts = [
        fields.method,
        fields.path,
        String(fields.status),
        `${fields.durationMs}ms`,
        `requestId=${requestId}`,
      ];
      if (fields.client) parts.push(`client=${fields.client}`);
      if (failure) parts.push(`code=${failure.code}`);
      if (failure?.requestId) parts.push(`dingtalkRequestId=${failure.requestId}`);
      const line = parts.join(' ');
      const message = format === 'json' ? { message: line, ...fields } : line;
      if (response.statusCode >= 500 || !response.writableFinished) logger.error(message);
      else if (response.statusCode >= 400) logger.warn(message);
      else logger.log(message);
    });
    // Every line logged while this request is served carries its id (LOG_FORMAT=json).
    return { requestId };
  };
}
