import type { IncomingMessage } from 'node:http';
import { sandboxError } from './sandbox.error';
import type { SandboxErrorKey } from './sandbox.messages';
import { isRecord, isText } from './sandbox-text.util';

/** Bodies above this size are refused; real convFile bodies are a few hundred bytes. */
const MAX_BODY_BYTES = 1024 * 1024;

/** A request body read to its end; `tooLarge` bodies were drained and discarded. */
export interface RawBody {
  readonly text: string;
  readonly tooLarge: boolean;
  /** The request's `content-type` header, `''` when it has none. */
  readonly contentType: string;
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
  return {
    text: Buffer.concat(chunks).toString('utf8'),
    tooLarge: size > MAX_BODY_BYTES,
    contentType: req.headers['content-type'] ?? '',
  };
}

/** `application/json` or a `+json` type, whatever its parameters (e.g. `; charset=utf-8`). */
function isJsonContentType(contentType: string): boolean {
  const mediaType = contentType.split(';')[0].trim().toLowerCase();
  return mediaType === 'application/json' || mediaType.endsWith('+json');
}

/**
 * Parses a JSON object body. An empty body counts as `{}` (every field missing); a non-empty one
 * must be declared JSON by its content-type, as DingTalk's gateway refuses other bodies.
 */
export function parseJsonObject(raw: RawBody): Record<string, unknown> {
  if (raw.tooLarge) throw sandboxError('bodyTooLarge', String(MAX_BODY_BYTES));
  if (raw.text.trim() === '') return {};
  if (!isJsonContentType(raw.contentType)) throw sandboxError('notJsonBody');
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw.text);
  } catch {
    // Left undefined: refused below like JSON that is no object, as DingTalk answers both alike.
  }
  if (!isRecord(parsed)) throw sandboxError('malformedBody');
  return parsed;
}

/**
 * A required parameter: a non-blank string, else the error `missing` naming the field. Non-string
 * values (e.g. a number) are refused like missing ones.
 */
export function requireText(
  source: Readonly<Record<string, unknown>>,
  field: string,
  missing: SandboxErrorKey = 'paramMissing',
): string {
  const value = source[field];
  if (!isText(value)) throw sandboxError(missing, field);
  return value;
}

/** The required `unionId` query parameter. */
export function requireUnionId(query: URLSearchParams): string {
  return requireText({ unionId: query.get('unionId') ?? undefined }, 'unionId');
}
