import type { OnApplicationShutdown } from '@nestjs/common';
import { Agent, buildConnector } from 'undici';
import type { ResolvedConvFileOptions } from '../options/conv-file-options.resolver';
import {
  CONNECT_TIMEOUT_MS,
  DingTalkHttpTransport,
  MAX_RESPONSE_BYTES,
  type HttpAnswer,
  type HttpExchange,
} from './dingtalk-http.transport';
import { tunnelConnector } from './http-proxy.connector';
import { UndiciExchangeHandler } from './undici-exchange.handler';

/**
 * The default transport: undici over keep-alive connections (it honours the server's keep-alive
 * hint, so a socket the server is about to close is not reused for a send). Whether a failed
 * request was sent is decided by when it failed, not guessed from error codes: a failure before
 * undici handed the request to a connection (refused, DNS, TLS, connect timeout, through a proxy
 * the tunnel's set-up, this client's pool closed) certainly did not send it.
 */
export class UndiciHttpTransport extends DingTalkHttpTransport implements OnApplicationShutdown {
  private readonly agent: Agent;
  /** The base URL split once: undici's dispatcher takes an origin and a path. */
  private readonly origin: string;
  private readonly pathPrefix: string;

  constructor(options: ResolvedConvFileOptions) {
    super(options);
    const base = new URL(options.baseUrl);
    this.origin = base.origin;
    // Stryker disable next-line Regex: the options resolver already dropped every trailing slash but the root's
    this.pathPrefix = base.pathname.replace(/\/+$/, '');
    const timeout = Math.min(CONNECT_TIMEOUT_MS, options.timeoutMs);
    const connect = options.proxy
      ? tunnelConnector(options.proxy, timeout)
      : buildConnector({ timeout });
    this.agent = new Agent({ maxResponseSize: MAX_RESPONSE_BYTES, connect });
  }

  protected exchange({ path, headers, body }: HttpExchange): Promise<HttpAnswer> {
    return new Promise((resolve, reject) => {
      const handler: UndiciExchangeHandler = new UndiciExchangeHandler(
        resolve,
        (error) => {
          if (!handler.started) this.notSent.add(error);
          reject(error);
        },
        this.options.timeoutMs,
      );
      this.agent.dispatch(
        { origin: this.origin, path: this.pathPrefix + path, method: 'POST', headers, body },
        handler,
      );
    });
  }

  /** After the app stopped serving (not on module destroy, which runs before in-flight requests end). */
  async onApplicationShutdown(): Promise<void> {
    // Nothing but this close ends the agent, so `closed` tells whether it was (or is being) closed.
    if (!this.agent.closed) await this.agent.close();
  }
}
