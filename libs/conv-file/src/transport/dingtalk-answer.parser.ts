import { DINGTALK_ENDPOINTS, type DingTalkApiName } from '../endpoints/dingtalk-api.endpoints';
import { DingTalkApiError, type DingTalkApiErrorOptions } from '../errors/dingtalk-api.error';
import { ConvFileErrorCodes, isDingTalkFailure } from '../errors/dingtalk-error.codes';
import { DingTalkErrorMessages } from '../messages/dingtalk-error.messages';

/** Header that carries the access token on every DingTalk v1.0 call. */
export const ACCESS_TOKEN_HEADER = 'x-acs-dingtalk-access-token';

const EXCERPT_LENGTH = 160;
const REDACTED = '[redacted]';
/** Code DingTalk's per-IP protection puts in its non-standard `{"status":1111,"wait":5}` answer. */
const IP_BLOCK_STATUS = 1111;
/** The token header and whatever follows it on its line, as a page echoing the request shows it. */
const TOKEN_HEADER_LINE = new RegExp(`${ACCESS_TOKEN_HEADER}\\S*\\s*[:=]?\\s*\\S*`, 'gi');

/** The raw answer of one HTTP exchange. */
export interface RawDingTalkAnswer {
  status: number;
  body: string;
  /** DingTalk's request id from the response headers, used when the body has none. */
  headerRequestId?: string;
  /** The token the request carried, so that no text derived from the answer can hold it. */
  accessToken?: string;
}

/**
 * Turns DingTalk's answer into its JSON body, or throws a typed error. A body that is not
 * DingTalk's JSON (a proxy's error page, which may echo the request and its token) never reaches
 * an error message: only a short excerpt kept for logs, with the token redacted, and none at all
 * for the token request (it would echo appSecret).
 */
export function parseDingTalkAnswer(
  api: DingTalkApiName,
  answer: RawDingTalkAnswer,
): Record<string, unknown> {
  const json = tryParseObject(answer.body);
  const ok = answer.status >= 200 && answer.status < 300;
  const redact = (text: string) => redactToken(text, answer.accessToken);
  // Only failures carry an excerpt: redacting every successful body would cost each call.
  const bodyExcerpt = () =>
    DINGTALK_ENDPOINTS[api].carriesSecret ? undefined : excerpt(redact(answer.body));
  const base = { api, status: answer.status, requestId: answer.headerRequestId };

  // The per-IP block page does not follow the v1.0 error shape, and may come with any status.
  if (json && json.status === IP_BLOCK_STATUS && json.code === undefined) {
    throwApiError(DingTalkErrorMessages.ipBlocked(api), {
      ...base,
      code: ConvFileErrorCodes.upstreamBlocked,
      bodyExcerpt: bodyExcerpt(),
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
    const code = redact(json.code);
    const message = redact(stringOrUndefined(json.message) ?? code);
    throwApiError(
      outcomeUnknown ? DingTalkErrorMessages.upstreamFailed(api, code, message) : message,
      {
        ...base,
        code,
        requestId: stringOrUndefined(json.requestid) ?? answer.headerRequestId,
        accessDeniedDetail: objectOrUndefined(json.accessdenieddetail),
        outcomeUnknown,
      },
    );
  }
  throwApiError(DingTalkErrorMessages.badResponse(api, answer.status, outcomeUnknown), {
    ...base,
    code: ConvFileErrorCodes.upstreamBadResponse,
    bodyExcerpt: bodyExcerpt(),
    outcomeUnknown,
  });
}

function throwApiError(message: string, options: DingTalkApiErrorOptions): never {
  throw new DingTalkApiError(message, options);
}

function redactToken(text: string, token: string | undefined): string {
  const withoutHeader = text.replace(TOKEN_HEADER_LINE, `${ACCESS_TOKEN_HEADER}: ${REDACTED}`);
  return token ? withoutHeader.split(token).join(REDACTED) : withoutHeader;
}

function tryParseObject(text: string): Record<string, unknown> | undefined {
  try {
    // Stryker disable BlockStatement: the catch clause's body, emptied, returns undefined too
    return objectOrUndefined(JSON.parse(text));
  } catch {
    // Stryker restore BlockStatement
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
