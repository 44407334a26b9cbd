import { Logger, type LoggerService } from '@nestjs/common';
import { DingTalkApiError } from '../errors/dingtalk-api.error';
import type { ConvFileRetryOptions } from '../options/conv-file-module-options.interface';
import type { ConvFileRetried } from '../options/conv-file-observer.interface';
import { resolveConvFileOptions } from '../options/conv-file-options.resolver';
import { ConvFileTelemetry } from '../telemetry/conv-file.telemetry';
import { noTracer } from '../telemetry/dingtalk.tracer';
import { DingTalkRetrier } from './dingtalk.retrier';

const THROTTLED = 'Forbidden.AccessDenied.QpsLimitForAppkeyAndApi';
const throttled = () => new DingTalkApiError('m', { code: THROTTLED, status: 403 });

describe('DingTalkRetrier', () => {
  const retried: ConvFileRetried[] = [];
  const debug: unknown[][] = [];
  const capture: LoggerService = {
    log: () => undefined,
    error: () => undefined,
    warn: () => undefined,
    debug: (...parts: unknown[]) => debug.push(parts),
  };

  function retrier(retry: ConvFileRetryOptions): DingTalkRetrier {
    const options = resolveConvFileOptions({ appKey: 'k', appSecret: 's', retry }, {});
    return new DingTalkRetrier(
      options,
      new ConvFileTelemetry({ retried: (event) => retried.push(event) }, noTracer),
    );
  }

  /** An attempt that always fails with `failure`, counting how often it ran. */
  function failing(failure: () => Error) {
    const attempt = () => {
      attempt.runs++;
      return Promise.reject(failure());
    };
    attempt.runs = 0;
    return attempt;
  }

  beforeEach(() => {
    retried.length = 0;
    debug.length = 0;
    Logger.overrideLogger(capture);
  });
  afterEach(() => Logger.overrideLogger(new Logger()));

  // A 1 ms first delay is 1 ms whatever the ±20% jitter (0.8-1.2 rounds to 1), the second 2 ms.
  it('takes a wait that exactly fills the budget, and stops before the one that would exceed it', async () => {
    const attempt = failing(throttled);

    await expect(
      retrier({ throttleDelayMs: 1, budgetMs: 1, maxRetries: 3 }).run('SendByApp', attempt),
    ).rejects.toMatchObject({ code: THROTTLED });

    expect(attempt.runs).toBe(2);
    expect(retried).toEqual([{ api: 'SendByApp', reason: 'throttled' }]);
  });

  it('logs each retry at debug in the DingTalkRetry context, with its reason and code', async () => {
    let runs = 0;
    const attempt = () => (++runs === 1 ? Promise.reject(throttled()) : Promise.resolve('sent'));

    await expect(
      retrier({ throttleDelayMs: 1, budgetMs: 1 }).run('SendByApp', attempt),
    ).resolves.toBe('sent');

    expect(debug).toHaveLength(1);
    const [message, ...rest] = debug[0];
    expect(message).toBe(`Retrying SendByApp (attempt 2) in 1 ms: throttled: ${THROTTLED}`);
    expect(rest.at(-1)).toBe('DingTalkRetry');
  });

  it('never retries a failure without a reason, whatever the budget', async () => {
    const attempt = failing(() => new TypeError('boom'));

    await expect(retrier({ budgetMs: 60_000 }).run('GetSpace', attempt)).rejects.toThrow('boom');

    expect(attempt.runs).toBe(1);
    expect(retried).toEqual([]);
    expect(debug).toEqual([]);
  });
});
