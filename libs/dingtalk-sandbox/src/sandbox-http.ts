import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { sandboxError, type SandboxError } from './sandbox-errors';

/** Response header carrying the request id, as DingTalk's gateway sends it. */
export const REQUEST_ID_HEADER = 'x-acs-request-id';

/** Bodies above this size are refused; real convFile bodies are a few hundred bytes. */
const MAX_BODY_BYTES = 1024 * 1024;

/** A fully prepared answer, written in one go (or never, when the connection is dropped). */
export interface SandboxAnswer {
  readonly status: number;
  readonly contentType: string;
  readonly body: string;
  /** The DingTalk error code, for the optional logger. */
  readonly code?: string;
}

/** A request body read to its end; `tooLarge` bodies were drained and discarded. */
export interface RawBody {
  readonly text: string;
  readonly tooLarge: boolean;
}

/** A fresh id in DingTalk's style (upper-case UUID). */
export function newRequestId(): string {
  return randomUUID().toUpperCase();
}

/** Reads the whole body, so keep-alive connections stay usable whatever the answer is. */
export async function readBody(req: IncomingMessage): Promise<RawBody> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buffer = chunk as Buffer;
    size += buffer.length;
    if (size <= MAX_BODY_BYTES) chunks.push(buffer);
  }
  return { text: Buffer.concat(chunks).toString('utf8'), tooLarge: size > MAX_BODY_BYTES };
}

/** Parses a JSON object body; an empty body counts as `{}` (every field missing). */
export function parseJsonObject(raw: RawBody): Record<string, unknown> {
  if (raw.tooLarge) throw sandboxError('bodyTooLarge', String(MAX_BODY_BYTES));
  if (raw.text.trim() === '') return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw.text);
  } catch {
    throw sandboxError('malformedBody');
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw sandboxError('malformedBody');
  }
  return parsed as Record<string, unknown>;
}

/** A 2xx JSON answer. */
export function jsonAnswer(status: number, body: unknown): SandboxAnswer {
  return { status, contentType: 'application/json;charset=utf-8', body: JSON.stringify(body) };
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

/** DingTalk's per-IP block answer, which is not the JSON error shape. */
export function ipBlockAnswer(format: 'html' | 'json', status: number): SandboxAnswer {
  if (format === 'json') {
    const body = { status: 1111, wait: 5, source: 'x5', punish: 'deny', uuid: randomUUID() };
    return { status, contentType: 'application/json;charset=utf-8', body: JSON.stringify(body) };
  }
  const body =
    '<!DOCTYPE html><html><head><meta charset="utf-8"><title>Access denied</title></head>' +
    '<body><h1>Access denied</h1><p>Too many requests from your IP. Please retry later.</p>' +
    '</body></html>';
  return { status, contentType: 'text/html;charset=utf-8', body };
}

/** Writes an answer with its length, so keep-alive clients can reuse the connection. */
export function writeAnswer(res: ServerResponse, answer: SandboxAnswer): void {
  res.writeHead(answer.status, {
    'content-type': answer.contentType,
    'content-length': Buffer.byteLength(answer.body),
  });
  res.end(answer.body);
}

/** Waits `ms`; resolves false instead when the sandbox is closing, so close() never waits on it. */
export async function hold(ms: number, signal: AbortSignal): Promise<boolean> {
  if (signal.aborted) return false;
  if (ms <= 0) return true;
  try {
    await sleep(ms, undefined, { signal });
    return true;
  } catch {
    return false;
  }
}
