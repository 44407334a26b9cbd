import * as http from 'node:http';
import * as https from 'node:https';
import type { Socket } from 'node:net';
import type { ResolvedConvFileOptions } from '../options/conv-file-options.resolver';
import type { DingTalkHttpServiceLike } from '../options/http-service.interface';
import {
  DingTalkHttpTransport,
  MAX_RESPONSE_BYTES,
  type HttpAnswer,
  type HttpExchange,
} from './dingtalk-http.transport';
import { ExchangeTimeoutError } from './exchange-timeout.error';

/** The part of Node's `http`/`https` modules axios calls as its `transport`. */
interface RequestModule {
  request(options: object, callback: (response: http.IncomingMessage) => void): http.ClientRequest;
}

/**
 * Calls DingTalk through the app's `@nestjs/axios` `HttpService` (the `httpService` option), so
 * the app's axios interceptors, agents, proxy and certificates apply. axios cannot say whether a
 * failed request was written, so each exchange watches its own socket: a failure before the
 * socket connected (and, for TLS, finished its handshake) is "certainly not sent". The axios
 * error never leaves this class: its `config` holds the token header and, on token calls, the
 * app secret.
 */
export class AxiosHttpTransport extends DingTalkHttpTransport {
  constructor(
    options: ResolvedConvFileOptions,
    private readonly httpService: DingTalkHttpServiceLike,
  ) {
    super(options);
  }

  protected async exchange({ path, headers, body }: HttpExchange): Promise<HttpAnswer> {
    const axios = this.httpService.axiosRef;
    const url = this.options.baseUrl + path;
    let connected = false;
    const watch = (request: http.ClientRequest) =>
      request.once('socket', (socket: Socket & { encrypted?: boolean }) => {
        if (!socket.connecting) connected = true;
        else socket.once(socket.encrypted ? 'secureConnect' : 'connect', () => (connected = true));
      });
    const configured = axios.defaults.transport as RequestModule | undefined;
    const transport: RequestModule = {
      request: (options, callback) => {
        const module: RequestModule = configured ?? (url.startsWith('https:') ? https : http);
        const request = module.request(options, callback);
        watch(request);
        return request;
      },
    };
    const deadline = new AbortController();
    const timer = setTimeout(() => deadline.abort(), this.options.timeoutMs);
    try {
      const response = await axios.request({
        method: 'POST',
        url,
        headers,
        data: body,
        signal: deadline.signal,
        transport,
        // Stryker disable next-line StringLiteral: axios's Node and fetch adapters read '' as 'text' too (a string, BOM stripped)
        responseType: 'text',
        // Stryker disable next-line ArrayDeclaration: no transform at all replaces axios's JSON parsing just as the identity does
        transformResponse: [(data: unknown) => data],
        validateStatus: () => true,
        maxContentLength: MAX_RESPONSE_BYTES,
      });
      const header = (response.headers as Record<string, unknown> | undefined)?.[
        'x-acs-request-id'
      ];
      return {
        status: response.status,
        // responseType 'text' and an identity transform: axios hands the body over as received.
        body: typeof response.data === 'string' ? response.data : '',
        headerRequestId: isOneRequestId(header) ? header : undefined,
      };
    } catch (error) {
      if (deadline.signal.aborted) throw new ExchangeTimeoutError();
      // A bare copy: nothing of the axios error (its config, request or response) may travel on.
      const code = (error as { code?: unknown } | null)?.code;
      // Stryker disable next-line StringLiteral: the base class reads only the code of this error, never its message
      const failure = Object.assign(new Error('request failed'), {
        // Stryker disable next-line ConditionalExpression: the base class takes a code only when it is text in a code's form
        code: typeof code === 'string' ? code : undefined,
      });
      if (!connected) this.notSent.add(failure);
      throw failure;
    } finally {
      clearTimeout(timer);
    }
  }
}

/** Node joins a header sent twice with ', ': twice is not one request id (none has a comma). */
function isOneRequestId(header: unknown): header is string {
  return typeof header === 'string' && header.length > 0 && !header.includes(',');
}
