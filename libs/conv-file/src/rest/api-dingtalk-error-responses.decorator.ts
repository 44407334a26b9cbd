import { applyDecorators } from '@nestjs/common';
import { ApiResponse } from '@nestjs/swagger';
import { DingTalkErrorBodyDto } from '../dto/dingtalk-error-body.dto';
import { DingTalkErrorMessages } from '../messages/dingtalk-error.messages';
import { GatewayMessages } from '../messages/gateway.messages';

const REQUEST_ID = '7B4D3E2A-0C1F-4F7A-9E55-2D8C1B0A6F31';

/** An error answer of a convFile route: when it comes, and a body it may hold. */
interface ErrorResponse {
  status: number;
  description: string;
  example: Record<string, unknown>;
  /** The answer says in `Retry-After` when to try again. */
  retryAfter?: boolean;
}

/** Statuses a convFile route may answer with besides 200, each with an example of its own. */
const ERROR_RESPONSES: readonly ErrorResponse[] = [
  {
    status: 400,
    description:
      'Invalid query or body (`paramError`, `paramError.spaceId`, … with `details`), or malformed JSON.',
    example: {
      code: 'paramError.spaceId',
      message: DingTalkErrorMessages.blank('spaceId'),
      requestid: REQUEST_ID,
      details: [
        { field: 'spaceId', rule: 'isNotBlank', message: DingTalkErrorMessages.blank('spaceId') },
      ],
    },
  },
  {
    status: 401,
    description: 'Refused by a guard: the caller is not authenticated (`unauthorized`).',
    example: { code: 'unauthorized', message: GatewayMessages.unauthorized, requestid: REQUEST_ID },
  },
  {
    status: 403,
    description:
      'The operator may not do this (`permissionDenied`), or a guard refused the caller (`forbidden`).',
    example: {
      code: 'permissionDenied',
      message: 'The operator has no permission on this space.',
      requestid: REQUEST_ID,
    },
  },
  {
    status: 404,
    description:
      'The chat, space or file does not exist (`conversationNotExist`, `spaceNotExist`, `dentryNotExist`).',
    example: { code: 'dentryNotExist', message: 'The file does not exist.', requestid: REQUEST_ID },
  },
  {
    status: 413,
    description: 'The body is larger than the server accepts (`payloadTooLarge`).',
    example: {
      code: 'payloadTooLarge',
      message: GatewayMessages.payloadTooLarge,
      requestid: REQUEST_ID,
    },
  },
  {
    status: 429,
    description:
      'Rate limited, by this server (`tooManyRequests`, `rateLimited`) or by DingTalk (`Forbidden.AccessDenied.QpsLimitForAppkeyAndApi`, …): retry after `Retry-After` seconds.',
    example: {
      code: 'Forbidden.AccessDenied.QpsLimitForAppkeyAndApi',
      message: 'The API call frequency of the app exceeds the limit.',
      requestid: REQUEST_ID,
    },
    retryAfter: true,
  },
  {
    status: 500,
    description:
      'An unexpected failure of this server (`systemError`); the message gives nothing away.',
    example: { code: 'systemError', message: GatewayMessages.internalError, requestid: REQUEST_ID },
  },
  {
    status: 502,
    description:
      "DingTalk refused the app's set-up (a missing scope, with `accessdenieddetail`; bad credentials) or failed (`systemError`), or could not be reached (`upstreamUnavailable`).",
    example: {
      code: 'Forbidden.AccessDenied.AccessTokenPermissionDenied',
      message: 'The app lacks a permission this API needs.',
      requestid: REQUEST_ID,
      accessdenieddetail: { requiredScopes: ['ConvFile.File.Send'] },
    },
  },
  {
    status: 503,
    description:
      "DingTalk blocks this server's IP for a while (`upstreamBlocked`), a third-party app's suite ticket has not arrived yet (`suiteTicketUnavailable`), or the server is shutting down (`shuttingDown`): retry after `Retry-After` seconds.",
    example: {
      code: 'upstreamBlocked',
      message: DingTalkErrorMessages.ipBlocked('SendByApp'),
      requestid: REQUEST_ID,
    },
    retryAfter: true,
  },
  {
    status: 504,
    description:
      'DingTalk did not answer in time (`upstreamTimeout`); a send may or may not have been delivered.',
    example: {
      code: 'upstreamTimeout',
      message: DingTalkErrorMessages.timeout('SendByApp', 10_000, true),
      requestid: REQUEST_ID,
    },
  },
];

const RETRY_AFTER = {
  'Retry-After': {
    description: 'Seconds to wait before trying again.',
    schema: { type: 'integer', minimum: 1, example: 1 },
  },
};

/** Documents the error answers of a convFile route, all in DingTalk's error shape. */
export function ApiDingTalkErrorResponses(): MethodDecorator & ClassDecorator {
  return applyDecorators(
    ...ERROR_RESPONSES.map(({ status, description, example, retryAfter }) =>
      ApiResponse({
        status,
        description,
        type: DingTalkErrorBodyDto,
        example,
        ...(retryAfter && { headers: RETRY_AFTER }),
      }),
    ),
  );
}
