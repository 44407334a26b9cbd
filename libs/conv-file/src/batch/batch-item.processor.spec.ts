import { Logger } from '@nestjs/common';
import type {
  DingTalkCallHooks,
  DingTalkCallOrchestrator,
} from '../call/dingtalk-call.orchestrator';
import type { DingTalkCallTarget, DingTalkCallTargets } from '../call/dingtalk-call.targets';
import { DingTalkApiError } from '../errors/dingtalk-api.error';
import { DingTalkAuthError } from '../errors/dingtalk-auth.error';
import { DingTalkTimeoutError } from '../errors/dingtalk-timeout.error';
import { ConvFileTelemetry } from '../telemetry/conv-file.telemetry';
import { noTracer } from '../telemetry/dingtalk.tracer';
import { BatchItemProcessor } from './batch-item.processor';
import type { BatchRedisStore, ClaimedItem } from './batch-redis.store';

const INPUT = { unionId: 'union-1', spaceId: 'space', dentryId: 'file' };
const TARGET = { app: 'hr' } as DingTalkCallTarget;
const job = (attemptsMade = 0) => ({ data: { batchId: 'b', index: 7 }, attemptsMade });
const throttled = () =>
  new DingTalkApiError('slow down', {
    code: 'Forbidden.AccessDenied.QpsLimitForAppkeyAndApi',
    api: 'SendByApp',
    status: 403,
  });

describe('BatchItemProcessor', () => {
  let claimed: ClaimedItem;
  let mayRun: boolean;
  let events: string[];
  let request: () => Promise<Record<string, unknown>>;
  const store = {
    claim: jest.fn(() => Promise.resolve(claimed)),
    markRunning: jest.fn((_batchId: string, _index: number, _attempt: string) => {
      events.push('markRunning');
      return Promise.resolve(mayRun);
    }),
    /** Answers the state the item ends in: the outcome's. */
    finish: jest.fn((...args: unknown[]): Promise<string | undefined> =>
      Promise.resolve((args[4] as { state: string }).state),
    ),
  };
  const calls = {
    call: jest.fn(
      async (_t: unknown, _a: unknown, _q: unknown, _b: unknown, hooks: DingTalkCallHooks) => {
        events.push('token and rate-limit slot');
        await hooks.beforeSend?.();
        events.push('request');
        return request();
      },
    ),
  };
  const targets = { resolve: jest.fn(() => TARGET), defaultTarget: jest.fn(() => TARGET) };
  /** The final states the observer was told of (the metrics' `dingtalk_batch_items_total`). */
  let ended: string[];
  const telemetry = new ConvFileTelemetry(
    { batchItemEnded: ({ state }) => ended.push(state) },
    noTracer,
  );
  const processor = new BatchItemProcessor(
    store as unknown as BatchRedisStore,
    calls as unknown as DingTalkCallOrchestrator,
    targets as unknown as DingTalkCallTargets,
    { maxAttempts: 3 },
    telemetry,
  );

  beforeEach(() => {
    jest.clearAllMocks();
    claimed = { kind: 'go', api: 'SendByApp', app: 'market', corpId: 'corp-1', input: INPUT };
    mayRun = true;
    events = [];
    ended = [];
    request = () => Promise.resolve({ file: { id: 'f', size: '3' } });
  });

  it('tells the observer of each final state once: sent, failed, unknown (also when lost), never a retry', async () => {
    await processor.process(job());
    request = () => Promise.reject(throttled());
    await expect(processor.process(job())).rejects.toBeDefined();
    await processor.process(job(2));
    claimed = { kind: 'lost' };
    await processor.process(job());
    claimed = { kind: 'done' };
    await processor.process(job());

    expect(ended).toEqual(['sent', 'failed', 'unknown']);
  });

  it('tells the observer an item ended cancelled when its retry finds its batch cancelled', async () => {
    request = () => Promise.reject(throttled());
    store.finish.mockResolvedValueOnce('cancelled');

    await expect(processor.process(job())).rejects.toBeDefined();

    expect(ended).toEqual(['cancelled']);
  });

  it('tells the observer nothing when another attempt settled the item first', async () => {
    store.finish.mockResolvedValueOnce(undefined);

    await processor.process(job());

    expect(ended).toEqual([]);
  });

  it("sends as the batch's app, marks the item running right before the request, and ends it sent", async () => {
    await processor.process(job());

    expect(targets.resolve).toHaveBeenCalledWith('market', { corpId: 'corp-1' });
    expect(calls.call).toHaveBeenCalledWith(
      TARGET,
      'SendByApp',
      { unionId: 'union-1' },
      { spaceId: 'space', dentryId: 'file' },
      expect.any(Object),
    );
    expect(events).toEqual(['token and rate-limit slot', 'markRunning', 'request']);
    const attempt = store.markRunning.mock.calls[0]?.[2];
    expect(store.finish).toHaveBeenCalledWith('b', 7, attempt, 'running', {
      state: 'sent',
      result: { file: { id: 'f', size: 3 } },
    });
  });

  it.each([['lost' as const], ['done' as const]])(
    'sends nothing for an item claimed %s',
    async (kind) => {
      claimed = { kind };

      await processor.process(job());

      expect(calls.call).not.toHaveBeenCalled();
      expect(store.finish).not.toHaveBeenCalled();
    },
  );

  it('sends nothing, and settles nothing, when the item may not run (cancelled, or taken)', async () => {
    mayRun = false;

    await processor.process(job());

    expect(events).toEqual(['token and rate-limit slot', 'markRunning']);
    expect(store.finish).not.toHaveBeenCalled();
  });

  it('queues an item DingTalk throttled again, and throws so the job is retried after its backoff', async () => {
    request = () => Promise.reject(throttled());

    await expect(processor.process(job(0))).rejects.toMatchObject({
      code: 'Forbidden.AccessDenied.QpsLimitForAppkeyAndApi',
    });
    expect(store.finish).toHaveBeenCalledWith('b', 7, expect.any(String), 'running', {
      state: 'queued',
      error: expect.objectContaining({ code: 'Forbidden.AccessDenied.QpsLimitForAppkeyAndApi' }),
    });
  });

  it('fails it on the last attempt instead, without throwing', async () => {
    request = () => Promise.reject(throttled());

    await processor.process(job(2));

    expect(store.finish).toHaveBeenCalledWith('b', 7, expect.any(String), 'running', {
      state: 'failed',
      error: expect.objectContaining({ code: 'Forbidden.AccessDenied.QpsLimitForAppkeyAndApi' }),
    });
  });

  it('ends unknown an item whose request timed out', async () => {
    request = () =>
      Promise.reject(
        new DingTalkTimeoutError('late', {
          api: 'SendByApp',
          timeoutMs: 1,
          outcomeUnknown: true,
        }),
      );

    await processor.process(job());

    expect(store.finish).toHaveBeenCalledWith('b', 7, expect.any(String), 'running', {
      state: 'unknown',
      error: expect.objectContaining({ code: 'upstreamTimeout' }),
    });
  });

  it('leaves queued an item whose call failed before its request could leave (no token)', async () => {
    calls.call.mockImplementationOnce(() =>
      Promise.reject(new DingTalkAuthError('no token', { code: 'accessTokenUnavailable' })),
    );

    await expect(processor.process(job())).rejects.toMatchObject({
      code: 'accessTokenUnavailable',
    });
    expect(store.markRunning).not.toHaveBeenCalled();
    expect(store.finish).toHaveBeenCalledWith('b', 7, expect.any(String), 'queued', {
      state: 'queued',
      error: expect.objectContaining({ code: 'accessTokenUnavailable' }),
    });
  });

  it('fails, never unknown, an item whose request never left, whatever the error', async () => {
    calls.call.mockImplementationOnce(() => Promise.reject(new TypeError('a bug')));

    await processor.process(job());

    expect(store.finish).toHaveBeenCalledWith('b', 7, expect.any(String), 'queued', {
      state: 'failed',
      error: expect.objectContaining({ code: 'unknownError' }),
    });
  });

  it("sends an item of a batch stored without an app as the default app's", async () => {
    claimed = { kind: 'go', api: 'SendByApp', app: undefined, corpId: undefined, input: INPUT };

    await processor.process(job());

    expect(targets.resolve).toHaveBeenCalledWith('hr', { corpId: undefined });
  });

  it('logs an unexpected failure by its error class, never its message; a DingTalk error not', async () => {
    const logged: Array<[string | undefined, unknown]> = [];
    const error = jest.spyOn(Logger.prototype, 'error').mockImplementation(function (
      this: Logger,
      message: unknown,
    ) {
      logged.push([(this as unknown as { context?: string }).context, message]);
    });
    try {
      calls.call.mockImplementationOnce(() => Promise.reject(new TypeError('secret detail')));
      await processor.process(job());
      calls.call.mockImplementationOnce(() =>
        Promise.reject(
          new DingTalkTimeoutError('timed out', {
            api: 'SendByApp',
            timeoutMs: 1,
            outcomeUnknown: true,
          }),
        ),
      );
      await processor.process(job());
    } finally {
      error.mockRestore();
    }

    expect(logged).toEqual([
      [
        'DingTalkBatch',
        'Batch b item 7 failed unexpectedly (TypeError); it ends unknown, or failed if its request never left',
      ],
    ]);
  });
});
