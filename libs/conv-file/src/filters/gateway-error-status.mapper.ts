import { HttpException } from '@nestjs/common';
import { ConvFileErrorCodes } from '../errors/dingtalk-error.codes';
import { GatewayMessages } from '../messages/gateway.messages';
import type { DingTalkErrorBody, DingTalkHttpAnswer } from './dingtalk-error-status.mapper';

/**
 * Codes and messages of errors raised in front of the library (guards, body parsing, routing,
 * rate limits), keyed by HTTP status. Lower camel case like DingTalk's own codes; 404 is
 * DingTalk's own `InvalidAction.NotFound`.
 */
export const GATEWAY_ERRORS: Readonly<Record<number, DingTalkErrorBody>> = {
  400: {
    code: ConvFileErrorCodes.paramError,
    message: GatewayMessages.malformedRequest,
  },
  401: { code: 'unauthorized', message: GatewayMessages.unauthorized },
  403: { code: 'forbidden', message: GatewayMessages.forbidden },
  404: { code: 'InvalidAction.NotFound', message: GatewayMessages.notFound },
  413: { code: 'payloadTooLarge', message: GatewayMessages.payloadTooLarge },
  415: {
    code: 'unsupportedMediaType',
    message: GatewayMessages.unsupportedMediaType,
  },
  429: { code: 'tooManyRequests', message: GatewayMessages.tooManyRequests },
  503: { code: 'serviceUnavailable', message: GatewayMessages.unavailable },
};

const INTERNAL_ERROR: DingTalkErrorBody = {
  code: 'systemError',
  message: GatewayMessages.internalError,
};

/**
 * The HTTP answer, in DingTalk's error shape, for an error that is not a library error.
 *
 * - A Nest `HttpException` keeps its status. Its code and message come from
 *   {@link GATEWAY_ERRORS}, never from the exception's own text (Nest's built-in ones repeat
 *   the path or a piece of the body), unless its response is an object with a string `code`:
 *   `new UnauthorizedException({ code: 'unauthorized', message: 'Missing x-api-key' })`.
 * - A 4xx error of Express's body parser (`expose: true`, e.g. a body over the size limit) is
 *   treated as an `HttpException` with that status.
 * - Anything else is a 500 `systemError`, with a message that gives nothing away.
 */
export function toGatewayHttpAnswer(error: unknown): DingTalkHttpAnswer {
  const status = statusOf(error);
  if (status === undefined) return { status: 500, body: { ...INTERNAL_ERROR } };
  const explicit = explicitBodyOf(error);
  if (explicit) return { status, body: explicit };
  const known = GATEWAY_ERRORS[status];
  if (known) return { status, body: { ...known } };
  return status >= 500
    ? { status, body: { ...INTERNAL_ERROR } }
    : {
        status,
        body: {
          code: 'requestError',
          message: GatewayMessages.requestRefused(status),
        },
      };
}

function statusOf(error: unknown): number | undefined {
  if (error instanceof HttpException) return error.getStatus();
  // The `http-errors` convention of Express's body parser: `expose` is true only for 4xx.
  const candidate = error as { status?: unknown; expose?: unknown } | null;
  if (
    error instanceof Error &&
    candidate?.expose === true &&
    typeof candidate.status === 'number' &&
    candidate.status >= 400 &&
    // Stryker disable next-line EqualityOperator: an exposed 500 is answered the same 500 systemError either way
    candidate.status < 500
  ) {
    return candidate.status;
  }
  return undefined;
}

function explicitBodyOf(error: unknown): DingTalkErrorBody | undefined {
  if (!(error instanceof HttpException)) return undefined;
  const response = error.getResponse() as { code?: unknown; message?: unknown } | string;
  if (typeof response !== 'object' || typeof response.code !== 'string') return undefined;
  return {
    code: response.code,
    message: typeof response.message === 'string' ? response.message : response.code,
  };
}
