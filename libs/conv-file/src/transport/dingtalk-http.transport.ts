import { DINGTALK_ENDPOINTS, type DingTalkApiName } from '../endpoints/dingtalk-api.endpoints';
import { DingTalkNetworkError } from '../errors/dingtalk-network.error';
import { DingTalkTimeoutError } from '../errors/dingtalk-timeout.error';
import { DingTalkError } from '../errors/dingtalk.error';
import { DingTalkErrorMessages } from '../messages/dingtalk-error.messages';
import type { ResolvedConvFileOptions } from '../options/conv-file-options.resolver';
import { ACCESS_TOKEN_HEADER, parseDingTalkAnswer } from './dingtalk-answer.parser';
import { ExchangeTimeoutError } from './exchange-timeout.error';

/** DingTalk's answers are a few hundred bytes; anything huge is not a DingTalk answer. */
export const MAX_RESPONSE_BYTES = 1024 * 1024;
/** Longest a new connection may take; a connect that fails is certainly safe to retry. */
export const CONNECT_TIMEOUT_MS = 5000;

export interface DingTalkPostOptions {
  /** Query parameters, URL-encoded here. */
  query?: Record<string, string>;
  /** Sent in `x-acs-dingtalk-access-token`. */
  accessToken?: string;
}

/** One HTTP exchange as a transport makes it. */
export interface HttpExchange {
  /** The API's path and query, after the `baseUrl`. */
  path: string;
  headers: Record<string, string>;
  body: string;
}

/** What a transport hands back: the status, the body as text, DingTalk's request id header. */
export interface HttpAnswer {
  status: number;
  body: string;
  headerRequestId?: string;
}

/** DingTalk's JSON answer to a call that succeeded, with what a trace records of it. */
export interface DingTalkJsonAnswer {
  body: Record<string, unknown>;
  status: number;
  requestId?: string;
}

/**
 * The one place that speaks HTTP to DingTalk: JSON in, DingTalk's JSON or a typed error out, a
 * hard per-call deadline (kept by each transport), and errors that carry nothing of the request (the token header and, on
 * token calls, the app secret must never reach a log). Which client makes the exchange is a
 * strategy chosen once: undici (the default) or the app's `@nestjs/axios` `HttpService`. Both
 * decide "certainly not sent" the same way: only a failure before the connection to DingTalk (or
 * to the proxy's tunnel) was made counts, and each implementation records those failures.
 */
export abstract class DingTalkHttpTransport {
  /** Failures that happened before the request could be written. */
  protected readonly notSent = new WeakSet<object>();

  constructor(protected readonly options: ResolvedConvFileOptions) {}

  /** POSTs `body` to the API's path and returns DingTalk's JSON answer, or throws a typed error. */
  async post(
    api: DingTalkApiName,
    body: object,
    options: DingTalkPostOptions = {},
  ): Promise<Record<string, unknown>> {
    return (await this.exchangeJson(api, body, options)).body;
  }

  /** As {@link post}, with the answer's status and DingTalk's request id (for traces). */
  async exchangeJson(
    api: DingTalkApiName,
    body: object,
    options: DingTalkPostOptions = {},
  ): Promise<DingTalkJsonAnswer> {
    try {
      const answer = await this.exchange({
        path: DINGTALK_ENDPOINTS[api].path + encodeQuery(options.query),
        headers: {
          'content-type': 'application/json',
          accept: 'application/json',
          ...(options.accessToken !== undefined && { [ACCESS_TOKEN_HEADER]: options.accessToken }),
        },
        body: JSON.stringify(body),
      });
      const json = parseDingTalkAnswer(api, { ...answer, accessToken: options.accessToken });
      const bodyRequestId = json.requestid;
      return {
        body: json,
        status: answer.status,
        requestId: typeof bodyRequestId === 'string' ? bodyRequestId : answer.headerRequestId,
      };
    } catch (error) {
      throw this.failure(api, error);
    }
  }

  /**
   * Makes the exchange within the options' `timeoutMs`, else fails with an `ExchangeTimeoutError`;
   * records in {@link notSent} each failure that came before writing. Each transport keeps the
   * deadline its own cheapest way (undici: one timer, no AbortController).
   */
  protected abstract exchange(request: HttpExchange): Promise<HttpAnswer>;

  /** Typed errors pass through; a deadline or socket failure becomes a timeout or network error. */
  private failure(api: DingTalkApiName, error: unknown): unknown {
    if (error instanceof DingTalkError) return error;
    const changesSomething = !DINGTALK_ENDPOINTS[api].idempotent;
    const { timeoutMs } = this.options;
    if (error instanceof ExchangeTimeoutError) {
      return new DingTalkTimeoutError(
        DingTalkErrorMessages.timeout(api, timeoutMs, changesSomething),
        { api, timeoutMs, outcomeUnknown: changesSomething },
      );
    }
    const systemCode = codeOf(error);
    // Not `instanceof Error`: socket errors may come from another realm (as under jest).
    const requestSent = !(typeof error === 'object' && error !== null && this.notSent.has(error));
    const outcomeUnknown = requestSent && changesSomething;
    return new DingTalkNetworkError(
      DingTalkErrorMessages.network(api, systemCode ?? 'connection failed', outcomeUnknown),
      { api, systemCode, requestSent, outcomeUnknown },
    );
  }
}

function encodeQuery(query: Record<string, string> | undefined): string {
  if (!query) return '';
  const pairs = Object.entries(query).map(
    ([key, value]) => `${encodeURIComponent(key)}=${encodeURIComponent(value)}`,
  );
  return pairs.length ? `?${pairs.join('&')}` : '';
}

/** The error's code (`ECONNREFUSED`, `EAI_AGAIN`, `UND_ERR_SOCKET`, …), looking through `cause`. */
function codeOf(error: unknown): string | undefined {
  for (let current = error, depth = 0; current && depth < 3; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string' && /^[A-Z][A-Z0-9_]+$/.test(code)) return code;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}
