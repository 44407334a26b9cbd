import { UnsupportedMediaTypeException } from '@nestjs/common';
import { validateConvFileRequest } from '../dto/conv-file-input.validator';
import type { ConvFileApiName } from '../endpoints/dingtalk-api.endpoints';
import { GatewayMessages } from '../messages/gateway.messages';

/** What the routes read of a request, on Express and on Fastify alike. */
export interface ConvFileHttpRequest {
  /** Express keeps the URL as received here when a router rewrote `url`. */
  originalUrl?: string;
  url?: string;
  headers: Record<string, string | string[] | undefined>;
  /** The app's JSON body parser's result; undefined when nothing parsed a body. */
  body?: unknown;
}

const JSON_MEDIA_TYPE = /^application\/(?:[\w.+-]+\+)?json\s*(?:;|$)/i;

/**
 * A convFile request's input, checked once ({@link validateConvFileRequest}): the query as the
 * URL carries it, decoded strictly, and the parsed JSON body. A body that is not JSON is refused
 * for what it is (415), not reported as missing fields.
 */
export function readConvFileRequest<T extends object>(
  api: ConvFileApiName,
  request: ConvFileHttpRequest,
): T {
  // No content type reads as 'undefined', which is no JSON media type either.
  if (hasBody(request) && !JSON_MEDIA_TYPE.test(String(request.headers['content-type']))) {
    throw new UnsupportedMediaTypeException({
      code: 'unsupportedMediaType',
      message: GatewayMessages.unsupportedMediaType,
    });
  }
  // Stryker disable next-line StringLiteral: any text without a '?' has no query
  const query = parseQuery(request.originalUrl ?? request.url ?? '');
  return validateConvFileRequest(api, query, request.body) as T;
}

function hasBody(request: ConvFileHttpRequest): boolean {
  const length = request.headers['content-length'];
  return (
    (length !== undefined && length !== '0') || request.headers['transfer-encoding'] !== undefined
  );
}

/**
 * The query string's parameters, decoded strictly: a parameter given twice is an array (not a
 * string, so refused), and a name or value that is not valid percent-encoded UTF-8 decodes to
 * U+FFFD, which validation refuses naming the field, so an id is never forwarded altered. Kept
 * on an object without prototype, so that `__proto__` is a parameter like any other.
 */
function parseQuery(url: string): Record<string, string | string[]> {
  const query = Object.create(null) as Record<string, string | string[]>;
  const start = url.indexOf('?');
  if (start < 0) return query;
  for (const pair of url.slice(start + 1).split('&')) {
    if (pair === '') continue;
    const equals = pair.indexOf('=');
    const name = decodeComponent(equals < 0 ? pair : pair.slice(0, equals));
    // Stryker disable next-line EqualityOperator: a pair that starts with '=' has no name, refused whatever its value
    const value = decodeComponent(equals < 0 ? '' : pair.slice(equals + 1));
    const previous = query[name] as string | string[] | undefined;
    // Stryker disable next-line ArrayDeclaration: a repeated parameter is refused as a list, whatever it holds
    query[name] = previous === undefined ? value : [previous, value].flat();
  }
  return query;
}

/** decodeURIComponent is strict: invalid UTF-8 or a broken escape throws, never decodes to something else. */
function decodeComponent(raw: string): string {
  try {
    return decodeURIComponent(raw.replace(/\+/g, ' '));
  } catch {
    return '\ufffd';
  }
}
