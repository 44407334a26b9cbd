import { Logger } from '@nestjs/common';
import { REQUEST_ID } from '@nest-dingtalk/conv-file';
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ApiClient } from '../auth/api-client.interface';
import { DINGTALK_FAILURE_LOCAL } from './dingtalk-failure.constants';
import type { DingTalkFailure } from './dingtalk-failure.interface';
import { requestContext } from './request-context';

const MAX_LOGGED_PATH = 200;

type LoggedRequest = IncomingMessage & { originalUrl?: string; apiClient?: ApiClient };
type LoggedResponse = ServerResponse & { locals?: Record<string, unknown> };

/**
 * Express middleware (mounted before the body parser, so even a refused body is logged) that
 * gives each request an id, the inbound `x-request-id` when it is sane, else a new UUID, returns
 * it in the `x-request-id` response header, and logs one line when the exchange ends:
 * method, path (never the query), status, duration, id, the API key's id and, for failed
 * DingTalk calls, the error code and DingTalk's request id. Never headers, queries or bodies.
 */
export function createRequestLoggingMiddleware(
  logger = new Logger('HTTP'),
  format: 'text' | 'json' = 'text',
): (request: LoggedRequest, response: LoggedResponse, next: () => void) => void {
  return (request, response, next) => {
    // Inbound ids end up in logs and answers: only those the library's filters would echo are kept.
    const inbound = request.headers[REQUEST_ID.header];
    const requestId =
      typeof inbound === 'string' && REQUEST_ID.pattern.test(inbound) ? inbound : randomUUID();
    // Exception filters answer with the id they find here, so logs and answers agree.
    request.headers[REQUEST_ID.header] = requestId;
    response.setHeader(REQUEST_ID.header, requestId);
    const started = performance.now();

    response.once('close', () => {
      const path = (request.originalUrl ?? request.url ?? '').split('?')[0];
      const failure = response.locals?.[DINGTALK_FAILURE_LOCAL] as DingTalkFailure | undefined;
      const fields = {
        method: request.method,
        path: path.length > MAX_LOGGED_PATH ? `${path.slice(0, MAX_LOGGED_PATH)}…` : path,
        status: response.writableFinished ? response.statusCode : 'aborted',
        durationMs: Math.round(performance.now() - started),
        requestId,
        client: request.apiClient?.id,
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
    requestContext.run({ requestId }, next);
  };
}
