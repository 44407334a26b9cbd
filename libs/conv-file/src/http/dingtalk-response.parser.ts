import { DingTalkApiError } from '../errors/dingtalk-api.error';
import { ConvFileErrorCodes, isDingTalkFailure } from '../errors/dingtalk-error.codes';
import { DingTalkErrorMessages } from '../errors/dingtalk-error.messages';
import { DINGTALK_ENDPOINTS, type DingTalkApiName } from './dingtalk-api.endpoints';

const EXCERPT_LENGTH = 160;
const TOKEN_ANSWER_EXCERPT = '(not shown for token requests)';
/** Code DingTalk's per-IP protection puts in its non-standard `{"status":1111,"wait":5}` answer. */
const IP_BLOCK_STATUS = 1111;

/** The raw answer of one HTTP exchange. */
export interface RawDingTalkAnswer {
  status: number;
  body: string;
  /** DingTalk's request id from the response headers, used when the body has none. */
  headerRequestId?: string;
}

/**
 * Turns DingTalk's answer into its JSON body, or throws a typed error. Never lets a
 * `SyntaxError` escape: a non-JSON body becomes a {@link DingTalkApiError} with an excerpt.
 */
export function parseDingTalkAnswer(
  api: DingTalkApiName,
  answer: RawDingTalkAnswer,
): Record<string, unknown> {
  const json = tryParseObject(answer.body);
  const ok = answer.status >= 200 && answer.status < 300;
  // A token answer is never quoted: a proxy that echoes the request would echo appSecret.
  const bodyExcerpt = api === 'GetAccessToken' ? TOKEN_ANSWER_EXCERPT : excerpt(answer.body);

  // The per-IP block page does not follow the v1.0 error shape, and may come with any status.
  if (json && json.status === IP_BLOCK_STATUS && json.code === undefined) {
    return throwApiError(ConvFileErrorCodes.upstreamBlocked, DingTalkErrorMessages.ipBlocked(api), {
      api,
      status: answer.status,
      requestId: answer.headerRequestId,
      bodyExcerpt,
    });
  }
  if (json && ok) return json;
  // A send that DingTalk failed on its side, or answered unreadably with success, may have run.
  const idempotent = DINGTALK_ENDPOINTS[api].idempotent;
  const failedCode =
    json && typeof json.code === 'string' && isDingTalkFailure(json.code, answer.status);
  const outcomeUnknown =
    !idempotent && (answer.status >= 500 || Boolean(failedCode) || (ok && !json));
  if (json && typeof json.code === 'string') {
    const requestId = stringOrUndefined(json.requestid) ?? answer.headerRequestId;
    const message = stringOrUndefined(json.message) ?? json.code;
    return throwApiError(
      json.code,
      outcomeUnknown ? DingTalkErrorMessages.upstreamFailed(api, json.code, message) : message,
      {
        api,
        status: answer.status,
        requestId,
        accessDeniedDetail: objectOrUndefined(json.accessdenieddetail),
        outcomeUnknown,
      },
    );
  }
  return throwApiError(
    ConvFileErrorCodes.upstreamBadResponse,
    DingTalkErrorMessages.badResponse(api, answer.status, bodyExcerpt, outcomeUnknown),
    { api, status: answer.status, requestId: answer.headerRequestId, bodyExcerpt, outcomeUnknown },
  );
}

function throwApiError(
  code: string,
  message: string,
  details: ConstructorParameters<typeof DingTalkApiError>[2],
): never {
  throw new DingTalkApiError(code, message, details);
}

function tryParseObject(text: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(text);
    return objectOrUndefined(value);
  } catch {
    return undefined;
  }
}

function objectOrUndefined(value: unknown): Record<string, unknown> | undefined {
  return value !== null && typeof value === 'object' && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}

function stringOrUndefined(value: unknown): string | undefined {
  return typeof value === 'string' && value.length > 0 ? value : undefined;
}

function excerpt(body: string): string {
  const flat = body.replace(/\s+/g, ' ').trim();
  if (flat.length === 0) return '(empty body)';
  return flat.length > EXCERPT_LENGTH ? `${flat.slice(0, EXCERPT_LENGTH)}…` : flat;
}
