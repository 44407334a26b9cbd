import { Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { Agent, buildConnector, request } from 'undici';
import { DINGTALK_ENDPOINTS, type DingTalkApiName } from '../endpoints/dingtalk-api.endpoints';
import { DingTalkNetworkError } from '../errors/dingtalk-network.error';
import { DingTalkTimeoutError } from '../errors/dingtalk-timeout.error';
import { DingTalkError } from '../errors/dingtalk.error';
import { DingTalkErrorMessages } from '../messages/dingtalk-error.messages';
import type { ResolvedConvFileOptions } from '../options/conv-file-options.resolver';
import { InjectConvFileOptions } from '../options/inject-conv-file-options.decorator';
import { ACCESS_TOKEN_HEADER, parseDingTalkAnswer } from './dingtalk-answer.parser';

/**
 * Failures that certainly happened before the request was written, beyond those raised while
 * connecting (see {@link DingTalkHttpTransport}): this client's own pool was closed.
 */
const NOT_SENT_CODES = new Set(['UND_ERR_DESTROYED', 'UND_ERR_CLOSED']);
/** Longest a new connection may take; a connect that fails is certainly safe to retry. */
const CONNECT_TIMEOUT_MS = 5000;
/** DingTalk's answers are a few hundred bytes; anything huge is not a DingTalk answer. */
const MAX_RESPONSE_BYTES = 1024 * 1024;

export interface DingTalkPostOptions {
  /** Query parameters, URL-encoded here. */
  query?: Record<string, string>;
  /** Sent in `x-acs-dingtalk-access-token`. */
  accessToken?: string;
}

/**
 * The one place that speaks HTTP to DingTalk: JSON over keep-alive connections (undici, which
 * also honours the server's keep-alive hint, so a socket the server is about to close is not
 * reused for a send), a hard per-call deadline, and every failure turned into a typed error that
 * carries nothing of the request (the token header must never reach a log).
 *
 * Whether a failed request was sent is decided by when it failed, not by guessing from error
 * codes: every error raised while connecting (refused, DNS, TLS, connect timeout) is marked by
 * the connector, and only those, or a closed pool, count as "certainly not sent".
 */
@Injectable()
export class DingTalkHttpTransport implements OnApplicationShutdown {
  private readonly connectFailures = new WeakSet<object>();
  private readonly agent: Agent;

  constructor(@InjectConvFileOptions() private readonly options: ResolvedConvFileOptions) {
    const connect = buildConnector({ timeout: Math.min(CONNECT_TIMEOUT_MS, options.timeoutMs) });
    this.agent = new Agent({
      maxResponseSize: MAX_RESPONSE_BYTES,
      connect: (connectOptions, callback) =>
        connect(connectOptions, (...result) => {
          if (result[0]) this.connectFailures.add(result[0]);
          callback(...result);
        }),
    });
  }

  /** POSTs `body` to the API's path and returns DingTalk's JSON answer, or throws a typed error. */
  async post(
    api: DingTalkApiName,
    body: object,
    options: DingTalkPostOptions = {},
  ): Promise<Record<string, unknown>> {
    const url = this.options.baseUrl + DINGTALK_ENDPOINTS[api].path + encodeQuery(options.query);
    const deadline = new AbortController();
    const timer = setTimeout(() => deadline.abort(), this.options.timeoutMs);
    try {
      const response = await request(url, {
        method: 'POST',
        dispatcher: this.agent,
        signal: deadline.signal,
        headers: {
          'content-type': 'application/json',
          accept: 'application/json',
          ...(options.accessToken !== undefined && { [ACCESS_TOKEN_HEADER]: options.accessToken }),
        },
        body: JSON.stringify(body),
      });
      const text = await response.body.text();
      return parseDingTalkAnswer(api, {
        status: response.statusCode,
        body: text,
        headerRequestId: headerValue(response.headers['x-acs-request-id']),
        accessToken: options.accessToken,
      });
    } catch (error) {
      throw this.transportError(api, error, deadline.signal.aborted);
    } finally {
      clearTimeout(timer);
    }
  }

  /** After the app stopped serving (not on module destroy, which runs before in-flight requests end). */
  async onApplicationShutdown(): Promise<void> {
    if (!this.agent.closed && !this.agent.destroyed) await this.agent.close();
  }

  /** Typed errors pass through; a deadline or socket failure becomes a timeout or network error. */
  private transportError(api: DingTalkApiName, error: unknown, timedOut: boolean): unknown {
    if (error instanceof DingTalkError) return error;
    const outcomeUnknownOnFailure = !DINGTALK_ENDPOINTS[api].idempotent;
    if (timedOut) {
      return new DingTalkTimeoutError(
        DingTalkErrorMessages.timeout(api, this.options.timeoutMs, outcomeUnknownOnFailure),
        { api, timeoutMs: this.options.timeoutMs, outcomeUnknown: outcomeUnknownOnFailure },
      );
    }
    const systemCode = codeOf(error);
    // Not `instanceof Error`: socket errors may come from another realm (as under jest).
    const requestSent = !(
      (typeof error === 'object' && error !== null && this.connectFailures.has(error)) ||
      (systemCode !== undefined && NOT_SENT_CODES.has(systemCode))
    );
    const outcomeUnknown = requestSent && outcomeUnknownOnFailure;
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

function headerValue(value: unknown): string | undefined {
  return typeof value === 'string' && value.length > 0 ? value : undefined;
}
