import { applyDecorators } from '@nestjs/common';
import { ApiResponse } from '@nestjs/swagger';
import { DingTalkErrorBodyDto } from '../dto/dingtalk-error-body.dto';

/** Statuses a convFile route may answer with besides 200, and when. */
const ERROR_RESPONSES: ReadonlyArray<[status: number, description: string]> = [
  [
    400,
    'Invalid query or body (`paramError`, `paramError.spaceId`, … with `details`), or malformed JSON.',
  ],
  [401, 'Refused by a guard: the caller is not authenticated (`unauthorized`).'],
  [
    403,
    'The operator may not do this (`permissionDenied`), or a guard refused the caller (`forbidden`).',
  ],
  [
    404,
    'The chat, space or file does not exist (`conversationNotExist`, `spaceNotExist`, `dentryNotExist`).',
  ],
  [413, 'The body is larger than the server accepts (`payloadTooLarge`).'],
  [429, 'Rate limited, by this server or by DingTalk: retry after `Retry-After` seconds.'],
  [
    502,
    "DingTalk refused the app's set-up (a missing scope, with `accessdenieddetail`; bad credentials) or failed (`systemError`), or could not be reached (`upstreamUnavailable`).",
  ],
  [503, "DingTalk blocks this server's IP for a while (`upstreamBlocked`)."],
  [
    504,
    'DingTalk did not answer in time (`upstreamTimeout`); a send may or may not have been delivered.',
  ],
];

/** Documents the error answers of a convFile route, all in DingTalk's error shape. */
export function ApiDingTalkErrorResponses(): MethodDecorator & ClassDecorator {
  return applyDecorators(
    ...ERROR_RESPONSES.map(([status, description]) =>
      ApiResponse({ status, description, type: DingTalkErrorBodyDto }),
    ),
  );
}
