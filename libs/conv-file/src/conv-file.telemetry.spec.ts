import type { TestingModule } from '@nestjs/testing';
import { trace } from '@opentelemetry/api';
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  SimpleSpanProcessor,
} from '@opentelemetry/sdk-trace-base';
import {
  ConvFileService,
  type ConvFileModuleOptions,
  type ConvFileObserver,
} from '@nest-dingtalk/conv-file';
import { bootConvFile } from '../testing/conv-file.test-helper';
import { recordNestLogs } from '../testing/nest-log.test-helper';
import {
  dingTalkError,
  FakeDingTalk,
  SAMPLE_FILE,
  TOKEN_PATH,
} from '../testing/fake-dingtalk.server';

const SEND_BY_APP = '/v1.0/convFile/apps/conversations/files/send';
const THROTTLED = dingTalkError(403, 'Forbidden.AccessDenied.QpsLimitForAppkeyAndApi');
const input = { unionId: 'union-1', spaceId: 'space-1', dentryId: 'file-1' };

/** Every event the observer got, in order, as `[method, event]`. */
function recordingObserver(): { observer: Required<ConvFileObserver>; events: [string, any][] } {
  const events: [string, any][] = [];
  const record = (method: string) => (event: unknown) => events.push([method, event]);
  return {
    events,
    observer: {
      callEnded: record('callEnded'),
      tokenFetched: record('tokenFetched'),
      retried: record('retried'),
      rateLimitWaited: record('rateLimitWaited'),
      rateLimitQueueChanged: record('rateLimitQueueChanged'),
      batchItemEnded: record('batchItemEnded'),
    },
  };
}

describe('telemetry: the observer (metrics) and OpenTelemetry spans', () => {
  let fake: FakeDingTalk;
  let moduleRef: TestingModule | undefined;
  const exporter = new InMemorySpanExporter();

  beforeAll(() => {
    trace.setGlobalTracerProvider(
      new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] }),
    );
  });
  afterAll(() => trace.disable());
  beforeEach(async () => {
    fake = await FakeDingTalk.start();
    exporter.reset();
  });
  afterEach(async () => {
    await moduleRef?.close();
    moduleRef = undefined;
    await fake.close();
  });

  async function service(options: Partial<ConvFileModuleOptions>): Promise<ConvFileService> {
    moduleRef = await bootConvFile(fake.url, {
      retry: { throttleDelayMs: 1, networkDelayMs: 1 },
      ...options,
    });
    return moduleRef.get(ConvFileService);
  }

  it('reports each call once it ended, with its app, API and outcome, and one token fetch', async () => {
    const { observer, events } = recordingObserver();
    const convFiles = await service({ observer });

    await convFiles.sendByApp(input);
    await convFiles.sendByApp(input);

    expect(events.filter(([method]) => method === 'tokenFetched')).toEqual([
      ['tokenFetched', { app: 'default' }],
    ]);
    const ended = events.filter(([method]) => method === 'callEnded').map(([, event]) => event);
    expect(ended).toEqual([
      { api: 'SendByApp', app: 'default', outcome: 'ok', durationSeconds: expect.any(Number) },
      { api: 'SendByApp', app: 'default', outcome: 'ok', durationSeconds: expect.any(Number) },
    ]);
    expect(ended[0].durationSeconds).toBeGreaterThan(0);
  });

  it("reports a retry with its reason, and a failure with DingTalk's code", async () => {
    fake.on(SEND_BY_APP, (_request, nth) =>
      nth === 1 ? THROTTLED : dingTalkError(400, 'paramError'),
    );
    const { observer, events } = recordingObserver();
    const convFiles = await service({ observer });

    await expect(convFiles.sendByApp(input)).rejects.toMatchObject({ code: 'paramError' });

    expect(events.filter(([method]) => method === 'retried')).toEqual([
      ['retried', { api: 'SendByApp', reason: 'throttled' }],
    ]);
    expect(events.find(([method]) => method === 'callEnded')?.[1]).toMatchObject({
      outcome: 'paramError',
    });
  });

  it('reports a call that got no answer in time as timeout', async () => {
    fake.on(SEND_BY_APP, () => ({ hang: true }));
    const { observer, events } = recordingObserver();
    const convFiles = await service({ observer, timeoutMs: 100 });

    await expect(convFiles.sendByApp(input)).rejects.toMatchObject({
      name: 'DingTalkTimeoutError',
    });

    expect(events.find(([method]) => method === 'callEnded')?.[1]).toMatchObject({
      outcome: 'timeout',
    });
  });

  it("reports this instance's rate-limit queue and each call's wait for its slot", async () => {
    const { observer, events } = recordingObserver();
    const convFiles = await service({ observer, rateLimit: { perSecond: 2 } });

    await Promise.all([1, 2, 3].map(() => convFiles.sendByApp(input)));

    const lengths = events
      .filter(([method]) => method === 'rateLimitQueueChanged')
      .map(([, event]) => event.length);
    expect(Math.max(...lengths)).toBe(3);
    expect(lengths.at(-1)).toBe(0);
    const waits = events
      .filter(([method]) => method === 'rateLimitWaited')
      .map(([, event]) => event.seconds as number);
    expect(waits).toHaveLength(3);
    // Two slots in the first second: the third call waited for the next one.
    expect(Math.max(...waits)).toBeGreaterThan(0.05);
  });

  it.each([
    ['an error', new TypeError('broken metrics'), 'TypeError'],
    ['null', null, 'error'],
    ['undefined', undefined, 'error'],
  ])(
    'never fails a call because the observer threw %s, and says so once',
    async (_name, thrown, said) => {
      const observer: ConvFileObserver = {
        callEnded: () => {
          // An observer may throw anything, not only an Error.
          // eslint-disable-next-line @typescript-eslint/only-throw-error
          throw thrown;
        },
      };
      const convFiles = await service({ observer });
      // After the module is built: building it sets Nest's logger.
      const recorder = recordNestLogs();
      try {
        await expect(convFiles.sendByApp(input)).resolves.toEqual({ file: SAMPLE_FILE });
        await expect(convFiles.sendByApp(input)).resolves.toEqual({ file: SAMPLE_FILE });

        expect(recorder.lines.filter(({ message }) => message.includes('callEnded'))).toEqual([
          {
            level: 'warn',
            context: 'ConvFileTelemetry',
            message: `The ConvFileObserver's callEnded threw (${said}); calls go on, further failures are not logged`,
          },
        ]);
      } finally {
        recorder.restore();
      }
    },
  );

  it('refuses an observer whose methods are not functions', async () => {
    await expect(
      service({ observer: { callEnded: 'count' } as unknown as ConvFileObserver }),
    ).rejects.toThrow(/observer must be an object whose callEnded/);
  });

  it("records a span per call with the API, app, status and DingTalk's request id, and no token", async () => {
    fake.on(SEND_BY_APP, (_request, nth) =>
      nth === 1
        ? { json: { file: SAMPLE_FILE }, headers: { 'x-acs-request-id': 'req-ok-1' } }
        : dingTalkError(403, 'Forbidden.AccessDenied.AccessTokenPermissionDenied'),
    );
    const convFiles = await service({});

    await convFiles.sendByApp(input);
    await expect(convFiles.sendByApp(input)).rejects.toBeDefined();

    const spans = exporter.getFinishedSpans();
    expect(spans.map((span) => [span.name, span.kind, span.status.code])).toEqual([
      ['DingTalk SendByApp', 2, 0],
      ['DingTalk SendByApp', 2, 2],
    ]);
    expect(spans[0].attributes).toEqual({
      'dingtalk.api': 'SendByApp',
      'dingtalk.app': 'default',
      'dingtalk.outcome': 'ok',
      'http.response.status_code': 200,
      'dingtalk.request_id': 'req-ok-1',
    });
    expect(spans[1].attributes).toMatchObject({
      'dingtalk.outcome': 'Forbidden.AccessDenied.AccessTokenPermissionDenied',
      'http.response.status_code': 403,
      'dingtalk.request_id': 'req-Forbidden.AccessDenied.AccessTokenPermissionDenied',
    });
    // The fake's first token is token-1.
    expect(fake.requestsTo(TOKEN_PATH)).toHaveLength(1);
    const recorded = JSON.stringify(
      spans.map((span) => [span.attributes, span.events, span.status]),
    );
    expect(recorded).not.toContain('token-1');
  });
});
