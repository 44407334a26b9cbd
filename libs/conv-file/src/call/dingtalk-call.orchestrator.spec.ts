import { Logger, type LoggerService } from '@nestjs/common';
import { DingTalkApiError } from '../errors/dingtalk-api.error';
import { DingTalkNetworkError } from '../errors/dingtalk-network.error';
import { DingTalkTimeoutError } from '../errors/dingtalk-timeout.error';
import type { ConvFileObserver } from '../options/conv-file-observer.interface';
import { DingTalkRateLimiter } from '../rate-limit/dingtalk-rate-limiter.interface';
import type { DingTalkRetrier } from '../retry/dingtalk.retrier';
import { ConvFileTelemetry } from '../telemetry/conv-file.telemetry';
import { noTracer, type DingTalkSpanEnd, type DingTalkTracer } from '../telemetry/dingtalk.tracer';
import type { DingTalkHttpTransport } from '../transport/dingtalk-http.transport';
import { DingTalkCallOrchestrator } from './dingtalk-call.orchestrator';
import type { DingTalkCallTarget } from './dingtalk-call.targets';

/** 100 ms into a clock second. */
const START = Date.parse('2026-01-01T00:00:00.100Z');

describe('DingTalkCallOrchestrator: the beforeSend hook and the rate limit', () => {
  const events: string[] = [];
  const limiter: DingTalkRateLimiter = {
    acquire: () => {
      events.push(`slot at ${Date.now() - START} ms`);
      return Promise.resolve();
    },
  };
  const transport = {
    exchangeJson: () => {
      events.push(`request at ${Date.now() - START} ms`);
      return Promise.resolve({ body: { file: {} }, status: 200 });
    },
  };
  const retrier = { run: <T>(_api: unknown, attempt: () => Promise<T>) => attempt() };
  const target = {
    app: 'default',
    rateCaller: 'app-key',
    tokens: { getAccessToken: () => Promise.resolve('token') },
  } as unknown as DingTalkCallTarget;
  const orchestrator = new DingTalkCallOrchestrator(
    limiter,
    retrier as unknown as DingTalkRetrier,
    transport as unknown as DingTalkHttpTransport,
    new ConvFileTelemetry(undefined, noTracer),
  );

  beforeEach(() => {
    events.length = 0;
    jest.useFakeTimers({ now: START });
  });
  afterEach(() => jest.useRealTimers());

  const call = (beforeSend: () => Promise<void>) =>
    orchestrator.call(target, 'SendByApp', { unionId: 'u' }, {}, { beforeSend });

  it('sends in the second its slot was counted in when the hook is quick', async () => {
    await call(() => Promise.resolve());

    expect(events).toEqual(['slot at 0 ms', 'request at 0 ms']);
  });

  it('takes a new slot when the hook outlasted the second the slot was counted in', async () => {
    await call(() => {
      jest.setSystemTime(START + 950);
      return Promise.resolve();
    });

    expect(events).toEqual(['slot at 0 ms', 'slot at 950 ms', 'request at 950 ms']);
  });

  it('keeps its slot when the hook takes time but ends within the same clock second', async () => {
    await call(() => {
      jest.setSystemTime(START + 850);
      return Promise.resolve();
    });

    expect(events).toEqual(['slot at 0 ms', 'request at 850 ms']);
  });
});

describe('DingTalkCallOrchestrator: what a call reports', () => {
  const reported: unknown[] = [];
  const spans: DingTalkSpanEnd[] = [];
  const observer: ConvFileObserver = {
    callEnded: (call) => reported.push({ callEnded: call }),
    rateLimitWaited: (wait) => reported.push({ rateLimitWaited: wait }),
  };
  const tracer: DingTalkTracer = { trace: (_api, _app, run) => run((end) => spans.push(end)) };
  /** What the next exchange does, after `exchangeMs` of (fake) time. */
  let exchange: () => Promise<unknown>;
  let exchangeMs: number;
  let slotWaitMs: number;
  const limiter: DingTalkRateLimiter = {
    acquire: () => jest.advanceTimersByTimeAsync(slotWaitMs),
  };
  const transport = {
    exchangeJson: async () => {
      await jest.advanceTimersByTimeAsync(exchangeMs);
      return exchange();
    },
  };
  const retrier = { run: <T>(_api: unknown, attempt: () => Promise<T>) => attempt() };
  const tokens = { getAccessToken: () => Promise.resolve('token') };
  const target = { app: 'east', rateCaller: 'app-key', tokens } as unknown as DingTalkCallTarget;
  const orchestrator = new DingTalkCallOrchestrator(
    limiter,
    retrier as unknown as DingTalkRetrier,
    transport as unknown as DingTalkHttpTransport,
    new ConvFileTelemetry(observer, tracer),
  );
  const call = () => orchestrator.call(target, 'SendByApp', { unionId: 'u' }, {});

  beforeEach(() => {
    reported.length = 0;
    spans.length = 0;
    exchangeMs = 0;
    slotWaitMs = 0;
    exchange = () => Promise.resolve({ body: { file: {} }, status: 200, requestId: 'req-1' });
    jest.useFakeTimers({ now: START });
    // The process has run a while: performance.now() is far from 0 when the call starts.
    jest.advanceTimersByTime(60_000);
  });
  afterEach(() => jest.useRealTimers());

  it("reports the call's duration and the wait for its slot in seconds", async () => {
    slotWaitMs = 250;
    exchangeMs = 1250;

    await call();

    expect(reported).toEqual([
      { rateLimitWaited: { api: 'SendByApp', seconds: 0.25 } },
      { callEnded: { api: 'SendByApp', app: 'east', outcome: 'ok', durationSeconds: 1.5 } },
    ]);
    expect(spans).toEqual([{ outcome: 'ok', status: 200, requestId: 'req-1' }]);
  });

  it.each([
    [
      'a connection failure as network',
      new DingTalkNetworkError('m', { requestSent: false }),
      { outcome: 'network' },
    ],
    [
      'a timeout as timeout',
      new DingTalkTimeoutError('m', { timeoutMs: 10 }),
      { outcome: 'timeout' },
    ],
    [
      "DingTalk's refusal by its code, status and request id",
      new DingTalkApiError('m', { code: 'paramError.spaceId', status: 400, requestId: 'req-2' }),
      { outcome: 'paramError.spaceId', status: 400, requestId: 'req-2' },
    ],
    ['any other failure as error', new TypeError('boom'), { outcome: 'error' }],
  ])('reports %s, and rethrows it', async (_case, failure, spanEnd) => {
    exchange = () => Promise.reject(failure);

    await expect(call()).rejects.toBe(failure);

    expect(spans).toEqual([spanEnd]);
    expect(reported).toContainEqual({
      callEnded: {
        api: 'SendByApp',
        app: 'east',
        outcome: spanEnd.outcome,
        durationSeconds: 0,
      },
    });
  });
});

describe('DingTalkCallOrchestrator: a refused token', () => {
  const debug: unknown[][] = [];
  const capture: LoggerService = {
    log: () => undefined,
    error: () => undefined,
    warn: () => undefined,
    debug: (...parts: unknown[]) => debug.push(parts),
  };

  beforeEach(() => {
    debug.length = 0;
    Logger.overrideLogger(capture);
  });
  afterEach(() => Logger.overrideLogger(new Logger()));

  it('is dropped and the call made once more with a fresh one, logged at debug as a retry', async () => {
    const issued = ['stale', 'fresh'];
    const dropped: string[] = [];
    const tokens = {
      getAccessToken: () => Promise.resolve(issued.shift()!),
      invalidate: (token: string) => Promise.resolve(void dropped.push(token)),
    };
    const sentWith: string[] = [];
    const transport = {
      exchangeJson: (_api: unknown, _body: unknown, { accessToken }: { accessToken: string }) => {
        sentWith.push(accessToken);
        return accessToken === 'stale'
          ? Promise.reject(
              new DingTalkApiError('m', { code: 'InvalidAuthentication', status: 401 }),
            )
          : Promise.resolve({ body: { file: {} }, status: 200 });
      },
    };
    const orchestrator = new DingTalkCallOrchestrator(
      { acquire: () => Promise.resolve() },
      { run: <T>(_api: unknown, attempt: () => Promise<T>) => attempt() } as DingTalkRetrier,
      transport as unknown as DingTalkHttpTransport,
      new ConvFileTelemetry(undefined, noTracer),
    );
    const target = { app: 'east', rateCaller: 'app-key', tokens } as unknown as DingTalkCallTarget;

    await expect(orchestrator.call(target, 'SendByApp', { unionId: 'u' }, {})).resolves.toEqual({
      file: {},
    });

    expect(sentWith).toEqual(['stale', 'fresh']);
    expect(dropped).toEqual(['stale']);
    expect(debug).toHaveLength(1);
    const [message, ...rest] = debug[0];
    expect(message).toBe(
      'Retrying SendByApp once with a fresh access token: DingTalk refused the cached one',
    );
    expect(rest.at(-1)).toBe('DingTalkRetry');
  });
});
