import { Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { setTimeout as sleep } from 'node:timers/promises';
import type { ResolvedConvFileOptions } from '../conv-file-options.resolver';
import { InjectConvFileOptions } from '../decorators/inject-conv-file-options.decorator';
import { DingTalkErrorMessages } from '../errors/dingtalk-error.messages';
import { DingTalkError } from '../errors/dingtalk.error';
import type { DingTalkApiName } from '../http/dingtalk-api.endpoints';
import { retryDelayMs, retryReasonOf } from './dingtalk-retry.policy';

/**
 * Runs a DingTalk call, repeating it only when {@link retryReasonOf} says the failure allows it,
 * within the configured number of retries and waiting budget. Each retry is logged at debug level.
 */
@Injectable()
export class DingTalkRetrier implements OnApplicationShutdown {
  private readonly logger = new Logger('DingTalkRetry');
  /** Ends every wait between attempts when the application shuts down. */
  private readonly shutdown = new AbortController();

  constructor(@InjectConvFileOptions() private readonly options: ResolvedConvFileOptions) {}

  async run<T>(api: DingTalkApiName, attempt: () => Promise<T>): Promise<T> {
    let retries = 0;
    let waitedMs = 0;
    let tokenRefreshed = false;
    for (let attemptNumber = 1; ; attemptNumber++) {
      try {
        return await attempt();
      } catch (error) {
        // A failure of another API (the token fetch inside a send) has had its own retries.
        if (error instanceof DingTalkError && error.api !== undefined && error.api !== api)
          throw error;
        const reason = retryReasonOf(error, api);
        if (!reason) throw error;
        if (reason === 'invalidToken') {
          if (tokenRefreshed) throw error;
          tokenRefreshed = true;
          this.logRetry(api, attemptNumber + 1, 0, DingTalkErrorMessages.retryWithFreshToken);
          continue;
        }
        const config = this.options.retry;
        if (!config || retries >= config.maxRetries) throw error;
        const delayMs = retryDelayMs(reason, retries + 1, config);
        if (waitedMs + delayMs > config.budgetMs) throw error;
        retries += 1;
        waitedMs += delayMs;
        this.logRetry(api, attemptNumber + 1, delayMs, `${reason}: ${describe(error)}`);
        // At shutdown the caller gets the last failure rather than an attempt on a closed client.
        await sleep(delayMs, undefined, { signal: this.shutdown.signal }).catch(() => {
          throw error;
        });
      }
    }
  }

  onApplicationShutdown(): void {
    this.shutdown.abort();
  }

  private logRetry(api: DingTalkApiName, attempt: number, delayMs: number, reason: string): void {
    this.logger.debug(DingTalkErrorMessages.retrying(api, attempt, delayMs, reason));
  }
}

function describe(error: unknown): string {
  return error instanceof DingTalkError ? error.code : 'error';
}
