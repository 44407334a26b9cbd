import { HttpService } from '@nestjs/axios';
import { Injectable, type OnModuleDestroy } from '@nestjs/common';
import type { AxiosResponse } from 'axios';
import * as http from 'node:http';
import * as https from 'node:https';
import { firstValueFrom } from 'rxjs';
import { ACCESS_TOKEN_HEADER } from '../conv-file.constants';
import type { ResolvedConvFileOptions } from '../conv-file-options.resolver';
import { InjectConvFileOptions } from '../decorators/inject-conv-file-options.decorator';
import { DingTalkErrorMessages } from '../errors/dingtalk-error.messages';
import { DingTalkNetworkError } from '../errors/dingtalk-network.error';
import { DingTalkTimeoutError } from '../errors/dingtalk-timeout.error';
import { DINGTALK_ENDPOINTS, type DingTalkApiName } from './dingtalk-api.endpoints';
import { parseDingTalkAnswer } from './dingtalk-response.parser';

/** Socket errors raised before a single byte of the request left this host. */
const NOT_SENT_CODES = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
]);

export interface DingTalkPostOptions {
  /** Query parameters, URL-encoded here. */
  query?: Record<string, string>;
  /** Sent in `x-acs-dingtalk-access-token`. */
  accessToken?: string;
}

/**
 * The one place that speaks HTTP to DingTalk: JSON over keep-alive connections, a hard
 * per-call deadline, and every failure turned into a typed error that carries no request
 * config (axios errors hold the token header, so they are never kept or logged).
 */
@Injectable()
export class DingTalkHttpClient implements OnModuleDestroy {
  private readonly httpAgent = new http.Agent({ keepAlive: true });
  private readonly httpsAgent = new https.Agent({ keepAlive: true });

  constructor(
    private readonly http: HttpService,
    @InjectConvFileOptions() private readonly options: ResolvedConvFileOptions,
  ) {}

  /** POSTs `body` to the API's path and returns DingTalk's JSON answer, or throws a typed error. */
  async post(
    api: DingTalkApiName,
    body: object,
    options: DingTalkPostOptions = {},
  ): Promise<Record<string, unknown>> {
    const endpoint = DINGTALK_ENDPOINTS[api];
    const url = this.options.baseUrl + endpoint.path + encodeQuery(options.query);
    const outcomeUnknownOnFailure = !endpoint.idempotent;
    const deadline = new AbortController();
    const timer = setTimeout(() => deadline.abort(), this.options.timeoutMs);
    let response: AxiosResponse<string>;
    try {
      response = await firstValueFrom(
        this.http.post<string>(url, JSON.stringify(body), {
          headers: {
            'content-type': 'application/json',
            accept: 'application/json',
            ...(options.accessToken !== undefined && {
              [ACCESS_TOKEN_HEADER]: options.accessToken,
            }),
          },
          httpAgent: this.httpAgent,
          httpsAgent: this.httpsAgent,
          responseType: 'text',
          transformResponse: (data: string) => data,
          validateStatus: () => true,
          maxRedirects: 0,
          signal: deadline.signal,
        }),
      );
    } catch (error) {
      if (deadline.signal.aborted) {
        throw new DingTalkTimeoutError(
          DingTalkErrorMessages.timeout(api, this.options.timeoutMs, outcomeUnknownOnFailure),
          this.options.timeoutMs,
          outcomeUnknownOnFailure,
          { api },
        );
      }
      const systemCode = systemCodeOf(error);
      const requestSent = systemCode === undefined || !NOT_SENT_CODES.has(systemCode);
      throw new DingTalkNetworkError(
        DingTalkErrorMessages.network(
          api,
          systemCode ?? 'connection failed',
          requestSent && outcomeUnknownOnFailure,
        ),
        systemCode,
        requestSent,
        requestSent && outcomeUnknownOnFailure,
        { api },
      );
    } finally {
      clearTimeout(timer);
    }
    return parseDingTalkAnswer(api, {
      status: response.status,
      body: typeof response.data === 'string' ? response.data : '',
      headerRequestId: headerValue(response.headers['x-acs-request-id']),
    });
  }

  onModuleDestroy(): void {
    this.httpAgent.destroy();
    this.httpsAgent.destroy();
  }
}

function encodeQuery(query: Record<string, string> | undefined): string {
  if (!query) return '';
  const pairs = Object.entries(query).map(
    ([key, value]) => `${encodeURIComponent(key)}=${encodeURIComponent(value)}`,
  );
  return pairs.length ? `?${pairs.join('&')}` : '';
}

function systemCodeOf(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  const causeCode = (error as { cause?: { code?: unknown } } | null)?.cause?.code;
  for (const candidate of [causeCode, code]) {
    if (typeof candidate === 'string' && /^E[A-Z]+$/.test(candidate)) return candidate;
  }
  return undefined;
}

function headerValue(value: unknown): string | undefined {
  return typeof value === 'string' && value.length > 0 ? value : undefined;
}
