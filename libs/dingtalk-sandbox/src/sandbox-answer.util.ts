import { randomUUID } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import type { SandboxError } from './sandbox.error';
import { IP_BLOCK_PAGE } from './sandbox.messages';

/** Response header carrying the request id, as DingTalk's gateway sends it. */
export const REQUEST_ID_HEADER = 'x-acs-request-id';

const JSON_CONTENT_TYPE = 'application/json;charset=utf-8';

/** A fully prepared answer, written in one go (or never, when the connection is dropped). */
export interface SandboxAnswer {
  readonly status: number;
  readonly contentType: string;
  readonly body: string;
  /** The DingTalk error code, for the optional logger. */
  readonly code?: string;
  /**
   * Answered by the network edge in front of DingTalk's gateway (the per-IP block), so it carries
   * no `x-acs-request-id`, as real block pages do not.
   */
  readonly fromEdge?: boolean;
}

/** A fresh id in DingTalk's style (upper-case UUID). */
export function newRequestId(): string {
  return randomUUID().toUpperCase();
}

/** A JSON answer. */
export function jsonAnswer(status: number, body: unknown): SandboxAnswer {
  return { status, contentType: JSON_CONTENT_TYPE, body: JSON.stringify(body) };
}

/** A DingTalk v1.0 error answer: `{ code, message, requestid, accessdenieddetail? }`. */
export function errorAnswer(error: SandboxError, requestId: string): SandboxAnswer {
  const body = {
    code: error.code,
    message: error.message,
    requestid: requestId,
    ...(error.accessDeniedDetail ? { accessdenieddetail: error.accessDeniedDetail } : {}),
  };
  return { ...jsonAnswer(error.status, body), code: error.code };
}

/** DingTalk's per-IP block answer, which is not the JSON error shape and has no request id. */
export function ipBlockAnswer(format: 'html' | 'json', status: number): SandboxAnswer {
  if (format === 'json') {
    const body = { status: 1111, wait: 5, source: 'x5', punish: 'deny', uuid: randomUUID() };
    return { ...jsonAnswer(status, body), fromEdge: true };
  }
  return { status, contentType: 'text/html;charset=utf-8', body: IP_BLOCK_PAGE, fromEdge: true };
}

/**
 * Writes an answer with its length, so keep-alive clients can reuse the connection, and with the
 * request id header unless the answer comes from the network edge.
 */
export function writeAnswer(res: ServerResponse, answer: SandboxAnswer, requestId: string): void {
  res.writeHead(answer.status, {
    'content-type': answer.contentType,
    'content-length': Buffer.byteLength(answer.body),
    ...(answer.fromEdge ? {} : { [REQUEST_ID_HEADER]: requestId }),
  });
  res.end(answer.body);
}
