import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import type { ApiContext, ApiHandler } from './api-handler.model';
import { getSpace, send, sendByApp, sendLink } from './conv-file.handlers';
import type { SandboxDelivery } from './delivery.model';
import { getAccessToken, getCorpAccessToken } from './oauth.handlers';
import { ADMIN_PREFIX, adminAnswer, type SandboxAdminTarget } from './sandbox-admin.routes';
import {
  errorAnswer,
  ipBlockAnswer,
  jsonAnswer,
  newRequestId,
  writeAnswer,
  type SandboxAnswer,
} from './sandbox-answer.util';
import { findRoute, type SandboxApi, type SandboxRoute } from './sandbox-api.routes';
import type { SandboxCounters } from './sandbox.counters';
import { SandboxError, sandboxError } from './sandbox.error';
import type { SandboxFaults } from './sandbox-fault.injector';
import type { SandboxQueuedFault } from './sandbox-fault.model';
import { authenticate, rateKeyOf, requireScope, throttleError } from './sandbox-access.checks';
import { SandboxMessages } from './sandbox.messages';
import type { SandboxRateLimiter } from './sandbox-rate.limiter';
import { parseJsonObject, readBody, type RawBody } from './sandbox-request.util';
import type { SandboxCaller, SandboxTokenStore } from './sandbox-token.store';
import type { SandboxWorld } from './world.store';

const HANDLERS: Record<SandboxApi, ApiHandler> = {
  GetAccessToken: getAccessToken,
  GetCorpAccessToken: getCorpAccessToken,
  SendLink: sendLink,
  SendByApp: sendByApp,
  Send: send,
  GetSpace: getSpace,
};

/** Everything a request may read or change. */
export interface SandboxState {
  readonly world: SandboxWorld;
  readonly tokens: SandboxTokenStore;
  readonly limiter: SandboxRateLimiter;
  readonly faults: SandboxFaults;
  readonly counters: SandboxCounters;
  readonly deliveries: SandboxDelivery[];
  readonly now: () => number;
  readonly logger: ((line: string) => void) | undefined;
  /** Aborted by close(), so held answers give up instead of keeping the process alive. */
  readonly shutdown: AbortSignal;
  readonly admin: SandboxAdminTarget;
}

/**
 * One request's path through the sandbox: faults first (they stand for the network and the
 * gateway), then the API's handler, then added latency, then the answer or a dropped connection.
 */
export class SandboxRequestHandler {
  constructor(private readonly state: SandboxState) {}

  async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const requestId = newRequestId();
    const url = targetOf(req);
    try {
      const raw = await readBody(req);
      const route = findRoute(req.method, url.pathname);
      if (route) return await this.handleApi(route, req, res, url, raw, requestId);
      const answer = url.pathname.startsWith(ADMIN_PREFIX)
        ? await adminAnswer(this.state.admin, req.method, url.pathname, raw, requestId)
        : errorAnswer(sandboxError('routeNotFound'), requestId);
      this.finish(req, res, url, answer, requestId);
    } catch (error) {
      if (res.headersSent || req.socket.destroyed) return;
      const reason = error instanceof Error ? error.message : String(error);
      this.log(SandboxMessages.logFailed(String(req.method), url.pathname, reason));
      this.finish(req, res, url, errorAnswer(sandboxError('unknownError'), requestId), requestId);
    }
  }

  private async handleApi(
    route: SandboxRoute,
    req: IncomingMessage,
    res: ServerResponse,
    url: URL,
    raw: RawBody,
    requestId: string,
  ): Promise<void> {
    this.state.counters.request(route.api);
    const fault = this.state.faults.take(route.api);
    if (fault?.type === 'drop' && fault.when === 'before') return this.drop(req, url);
    const answer = this.answer(route, fault, url, req.headers, raw, requestId);
    if (!(await hold(this.state.faults.latencyFor(route.api), this.state.shutdown))) return;
    if (fault?.type === 'drop') return this.drop(req, url);
    this.finish(req, res, url, answer, requestId);
  }

  private answer(
    route: SandboxRoute,
    fault: SandboxQueuedFault | undefined,
    url: URL,
    headers: IncomingHttpHeaders,
    raw: RawBody,
    requestId: string,
  ): SandboxAnswer {
    if (fault?.type === 'error') {
      return errorAnswer(new SandboxError(fault.status, fault.code, fault.message), requestId);
    }
    if (fault?.type === 'ipBlock') return ipBlockAnswer(fault.format, fault.status);
    try {
      const result = HANDLERS[route.api](this.context(route, url, headers, raw));
      if (result.tokenIssuedTo) this.state.counters.tokenFetched(result.tokenIssuedTo);
      if (result.delivery) {
        const at = new Date(this.state.now()).toISOString();
        this.state.deliveries.push({ ...result.delivery, at, requestId });
      }
      return jsonAnswer(200, result.body);
    } catch (error) {
      if (error instanceof SandboxError) return errorAnswer(error, requestId);
      throw error;
    }
  }

  private context(
    route: SandboxRoute,
    url: URL,
    headers: IncomingHttpHeaders,
    raw: RawBody,
  ): ApiContext {
    const { world, tokens, limiter } = this.state;
    const admit = (caller: SandboxCaller): void => {
      if (!limiter.admit(rateKeyOf(caller), route.api)) {
        throw throttleError(caller, route.api, limiter.limitPerWindow ?? 0);
      }
    };
    return {
      world,
      tokens,
      query: url.searchParams,
      admit,
      authorize: () => {
        const caller = authenticate(headers, tokens, world);
        this.state.counters.called(caller, route.api);
        admit(caller);
        if (route.requiredScope) requireScope(world, caller, route.requiredScope);
        return caller;
      },
      body: () => parseJsonObject(raw),
    };
  }

  private drop(req: IncomingMessage, url: URL): void {
    this.log(SandboxMessages.logDropped(String(req.method), url.pathname));
    req.socket.destroy();
  }

  private finish(
    req: IncomingMessage,
    res: ServerResponse,
    url: URL,
    answer: SandboxAnswer,
    requestId: string,
  ): void {
    const shownId = answer.fromEdge ? undefined : requestId;
    this.log(
      SandboxMessages.logAnswer(
        String(req.method),
        url.pathname,
        answer.status,
        answer.code,
        shownId,
      ),
    );
    writeAnswer(res, answer, requestId);
  }

  /** Hands a line to the optional logger; a logger that throws must not break an answer. */
  private log(line: string): void {
    try {
      this.state.logger?.(line);
    } catch {
      // Ignored on purpose: logging is a side channel.
    }
  }
}

/** Waits `ms`; resolves false instead when the sandbox is closing, so close() never waits on it. */
async function hold(ms: number, signal: AbortSignal): Promise<boolean> {
  if (signal.aborted) return false;
  // Stryker disable next-line ConditionalExpression,EqualityOperator: sleep(0) resolves true too, a timer tick later; this only spares the timer.
  if (ms <= 0) return true;
  try {
    await sleep(ms, undefined, { signal });
    return true;
  } catch {
    return false;
  }
}

/** The request target as a URL; an unparsable one becomes "/", which no route matches. */
function targetOf(req: IncomingMessage): URL {
  try {
    // Stryker disable next-line StringLiteral: a server's request always has a url; '' would resolve to '/' too.
    return new URL(req.url ?? '/', 'http://sandbox.invalid');
  } catch {
    return new URL('http://sandbox.invalid/');
  }
}
