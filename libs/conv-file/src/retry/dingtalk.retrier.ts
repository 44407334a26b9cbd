import { Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { setTimeout as sleep } from 'node:timers/promises';
import type { DingTalkApiName } from '../endpoints/dingtalk-api.endpoints';
import { DingTalkError } from '../errors/dingtalk.error';
import { DingTalkLogMessages } from '../messages/dingtalk-log.messages';
import type { ResolvedConvFileOptions } from '../options/conv-file-options.resolver';
import { InjectConvFileOptions } from '../options/inject-conv-file-options.decorator';
import { ConvFileTelemetry } from '../telemetry/conv-file.telemetry';
import { retryDelayMs, retryReasonOf } from './dingtalk-retry.policy';

/**
 * Runs one DingTalk exchange, repeating it only when {@link retryReasonOf} says the failure allows
 * it, within the configured number of retries and waiting budget. Each retry is logged at debug.
 */
@Injectable()
export class DingTalkRetrier implements OnApplicationShutdown {
  private readonly logger = new Logger('DingTalkRetry');
  /** Ends every wait between attempts when the application shuts down. */
  private readonly shutdown = new AbortController();

  constructor(
    @InjectConvFileOptions() private readonly options: ResolvedConvFileOptions,
    private readonly telemetry: ConvFileTelemetry,
  ) {}

  async run<T>(api: DingTalkApiName, attempt: () => Promise<T>): Promise<T> {
    const config = this.options.retry;
    let waitedMs = 0;
    for (let retries = 0; ; retries++) {
      try {
        return await attempt();
      } catch (error) {
        const reason = retryReasonOf(error, api);
        if (!reason || retries >= config.maxRetries) throw error;
        const delayMs = retryDelayMs(reason, retries + 1, config);
        if (waitedMs + delayMs > config.budgetMs) throw error;
        waitedMs += delayMs;
        this.telemetry.notify('retried', { api, reason });
        this.logger.debug(
          DingTalkLogMessages.retrying(api, retries + 2, delayMs, `${reason}: ${codeOf(error)}`),
        );
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
}

function codeOf(error: unknown): string {
  // Stryker disable next-line StringLiteral: only a DingTalkError has a retry reason, so no other error reaches this
  return error instanceof DingTalkError ? error.code : 'error';
}
