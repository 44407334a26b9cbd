import { DingTalkRateLimiter } from '../rate-limit/dingtalk-rate-limiter.interface';
import type { DingTalkRetrier } from '../retry/dingtalk.retrier';
import { ConvFileTelemetry } from '../telemetry/conv-file.telemetry';
import { noTracer } from '../telemetry/dingtalk.tracer';
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
});
