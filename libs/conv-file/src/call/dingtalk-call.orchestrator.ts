import { Inject, Injectable, Logger } from '@nestjs/common';
import type { ConvFileApiName } from '../endpoints/dingtalk-api.endpoints';
import { DingTalkApiError } from '../errors/dingtalk-api.error';
import { DingTalkAuthError } from '../errors/dingtalk-auth.error';
import { DingTalkErrorCodes } from '../errors/dingtalk-error.codes';
import { DingTalkNetworkError } from '../errors/dingtalk-network.error';
import { DingTalkTimeoutError } from '../errors/dingtalk-timeout.error';
import { DingTalkError } from '../errors/dingtalk.error';
import { DingTalkErrorMessages } from '../messages/dingtalk-error.messages';
import { DingTalkLogMessages } from '../messages/dingtalk-log.messages';
import { DingTalkRateLimiter } from '../rate-limit/dingtalk-rate-limiter.interface';
import { DingTalkRetrier } from '../retry/dingtalk.retrier';
import { ConvFileTelemetry } from '../telemetry/conv-file.telemetry';
import type { DingTalkSpanEnd } from '../telemetry/dingtalk.tracer';
import {
  DingTalkHttpTransport,
  type DingTalkJsonAnswer,
} from '../transport/dingtalk-http.transport';
import type { DingTalkCallTarget } from './dingtalk-call.targets';

/** What a caller may run inside a call. */
export interface DingTalkCallHooks {
  /**
   * Runs before each attempt's request, once its rate-limit slot is taken: the last moment
   * before anything may reach DingTalk. If it throws, the request is not made and the call fails
   * with its error (never retried).
   */
  beforeSend?(): Promise<void>;
}

/**
 * Makes one convFile call: gets the token, then, under the retry policy, takes a rate-limit slot
 * (last, so the call leaves in the second it was counted in) and sends the request. The one
 * place where an `InvalidAuthentication` answer drops the token and the call is made once more
 * with a fresh one (it certainly did not run); a second refusal is a {@link DingTalkAuthError}.
 */
@Injectable()
export class DingTalkCallOrchestrator {
  private readonly logger = new Logger('DingTalkRetry');
  /** Calls of this instance waiting for a rate-limit slot, by API. */
  private readonly waiting = new Map<ConvFileApiName, number>();

  constructor(
    @Inject(DingTalkRateLimiter) private readonly limiter: DingTalkRateLimiter,
    private readonly retrier: DingTalkRetrier,
    private readonly transport: DingTalkHttpTransport,
    private readonly telemetry: ConvFileTelemetry,
  ) {}

  /**
   * Makes the call as `target`: with its app's (and organization's) token, under its rate limit;
   * in a span, and reported to the observer once it ended.
   */
  call(
    target: DingTalkCallTarget,
    api: ConvFileApiName,
    query: Record<string, string>,
    body: object,
    hooks: DingTalkCallHooks = {},
  ): Promise<Record<string, unknown>> {
    return this.telemetry.tracer.trace(api, target.app, async (endSpan) => {
      const started = performance.now();
      const ended = (result: DingTalkSpanEnd) => {
        endSpan(result);
        this.telemetry.notify('callEnded', {
          api,
          app: target.app,
          outcome: result.outcome,
          durationSeconds: (performance.now() - started) / 1000,
        });
      };
      try {
        const answer = await this.callOnce(target, api, query, body, hooks);
        ended({ outcome: 'ok', status: answer.status, requestId: answer.requestId });
        return answer.body;
      } catch (error) {
        ended(spanEndOf(error));
        throw error;
      }
    });
  }

  private async callOnce(
    target: DingTalkCallTarget,
    api: ConvFileApiName,
    query: Record<string, string>,
    body: object,
    hooks: DingTalkCallHooks,
  ): Promise<DingTalkJsonAnswer> {
    const { tokens } = target;
    const token = await tokens.getAccessToken();
    try {
      return await this.attempt(target, api, token, query, body, hooks);
    } catch (error) {
      if (!isInvalidToken(error)) throw error;
      await tokens.invalidate(token);
    }
    this.logger.debug(DingTalkLogMessages.retryWithFreshToken(api));
    const freshToken = await tokens.getAccessToken();
    try {
      return await this.attempt(target, api, freshToken, query, body, hooks);
    } catch (error) {
      if (!isInvalidToken(error)) throw error;
      throw new DingTalkAuthError(DingTalkErrorMessages.stillUnauthenticated(api), {
        code: error.code,
        api,
        status: error.status,
        requestId: error.requestId,
      });
    }
  }

  private attempt(
    target: DingTalkCallTarget,
    api: ConvFileApiName,
    accessToken: string,
    query: Record<string, string>,
    body: object,
    hooks: DingTalkCallHooks,
  ): Promise<DingTalkJsonAnswer> {
    return this.retrier.run(api, async () => {
      await this.waitForSlot(target, api);
      if (hooks.beforeSend) {
        const slotSecond = currentSecond();
        await hooks.beforeSend();
        // The hook may outlast the second the slot was counted in: count the call again.
        if (currentSecond() !== slotSecond) await this.waitForSlot(target, api);
      }
      return this.transport.exchangeJson(api, body, { query, accessToken });
    });
  }

  /** Takes a rate-limit slot, reporting the wait and this instance's queue of the API. */
  private async waitForSlot(target: DingTalkCallTarget, api: ConvFileApiName): Promise<void> {
    const started = performance.now();
    const queued = (this.waiting.get(api) ?? 0) + 1;
    this.waiting.set(api, queued);
    this.telemetry.notify('rateLimitQueueChanged', { api, length: queued });
    try {
      await this.limiter.acquire(api, target.rateCaller);
      this.telemetry.notify('rateLimitWaited', {
        api,
        seconds: (performance.now() - started) / 1000,
      });
    } finally {
      const left = this.waiting.get(api)! - 1;
      this.waiting.set(api, left);
      this.telemetry.notify('rateLimitQueueChanged', { api, length: left });
    }
  }
}

/** The outcome of a failed call: DingTalk's (or the library's) code, or `timeout` / `network`. */
function spanEndOf(error: unknown): DingTalkSpanEnd {
  if (error instanceof DingTalkTimeoutError) return { outcome: 'timeout' };
  if (error instanceof DingTalkNetworkError) return { outcome: 'network' };
  if (error instanceof DingTalkError) {
    return { outcome: error.code, status: error.status, requestId: error.requestId };
  }
  return { outcome: 'error' };
}

/** The clock second, as the rate limiter counts calls. */
function currentSecond(): number {
  return Math.floor(Date.now() / 1000);
}

function isInvalidToken(error: unknown): error is DingTalkApiError {
  return error instanceof DingTalkApiError && error.code === DingTalkErrorCodes.invalidToken;
}
