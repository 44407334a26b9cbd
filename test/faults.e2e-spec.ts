import type { TestingModule } from '@nestjs/testing';
import {
  DingTalkApiError,
  DingTalkError,
  DingTalkNetworkError,
  DingTalkTimeoutError,
} from '@nest-dingtalk/conv-file';
import { createDingTalkSandbox, type DingTalkSandbox } from '@nest-dingtalk/sandbox';
import {
  convFiles,
  GET_SPACE_INPUT,
  SEND_BY_APP_INPUT,
  startInstance,
} from './support/conv-file-instance.test-helper';

// Long enough that a busy machine still delivers the send before it times out (the timeout case counts it).
const TIMEOUT_MS = 1000;
const RETRY = { throttleDelayMs: 20, networkDelayMs: 10, maxRetries: 3, budgetMs: 1000 };
/** Generous bound on a failed call: every attempt's timeout plus the whole retry budget. */
const LONGEST_CALL_MS = TIMEOUT_MS * (RETRY.maxRetries + 1) + RETRY.budgetMs;
/**
 * Latency that outlasts any test: the answer never comes, so the client's timeout alone ends the
 * call, however slow the machine (closing the sandbox in afterEach releases it).
 */
const HELD_MS = 60_000;

describe('faults survived', () => {
  let sandbox: DingTalkSandbox;
  let instance: TestingModule;

  beforeEach(async () => {
    sandbox = await createDingTalkSandbox({ rateLimit: false });
    instance = await startInstance(sandbox.url, {
      timeoutMs: TIMEOUT_MS,
      retry: RETRY,
      rateLimit: false,
    });
  });

  afterEach(async () => {
    await instance.close();
    await sandbox.close();
  });

  /** Runs a send, returning its error (if any) and how long it took. */
  async function timedSend(): Promise<{ error: unknown; ms: number }> {
    const started = Date.now();
    const error = await convFiles(instance)
      .sendByApp(SEND_BY_APP_INPUT)
      .then(
        () => undefined,
        (caught: unknown) => caught,
      );
    return { error, ms: Date.now() - started };
  }

  it.each([
    [
      'a 5xx answer',
      () => sandbox.faults.failNext({ code: 'systemError', status: 500, api: 'SendByApp' }),
      'systemError',
      0,
    ],
    [
      'an answer slower than the timeout',
      () => sandbox.faults.setLatency(HELD_MS, 'SendByApp'),
      'upstreamTimeout',
      1,
    ],
    [
      'the HTML block page',
      () => sandbox.faults.blockNext({ format: 'html', api: 'SendByApp' }),
      'upstreamBadResponse',
      0,
    ],
    [
      'the JSON block answer',
      () => sandbox.faults.blockNext({ format: 'json', api: 'SendByApp' }),
      'upstreamBlocked',
      0,
    ],
    [
      'a connection dropped before DingTalk ran the call',
      () => sandbox.faults.dropNext({ when: 'before', api: 'SendByApp' }),
      'upstreamUnavailable',
      0,
    ],
    [
      'a connection dropped after DingTalk ran the call',
      () => sandbox.faults.dropNext({ when: 'after', api: 'SendByApp' }),
      'upstreamUnavailable',
      1,
    ],
  ])(
    'a send meeting %s fails clearly, in time, and is never sent twice',
    async (_case, inject, code, delivered) => {
      inject();

      const { error, ms } = await timedSend();

      expect(error).toBeInstanceOf(DingTalkError);
      expect(error).toMatchObject({ code });
      expect(sandbox.stats().requests.SendByApp).toBe(1);
      expect(sandbox.deliveries()).toHaveLength(delivered);
      expect(ms).toBeLessThan(LONGEST_CALL_MS);
    },
  );

  it('says a send with an unknown outcome may or may not have been delivered', async () => {
    sandbox.faults.dropNext({ when: 'after', api: 'SendByApp' });

    const { error } = await timedSend();

    expect(error).toBeInstanceOf(DingTalkNetworkError);
    expect((error as Error).message).toMatch(/may or may not have been delivered/);
  });

  it('a timed-out send is flagged as an unknown outcome', async () => {
    sandbox.faults.setLatency(HELD_MS, 'SendByApp');

    const { error } = await timedSend();

    expect(error).toBeInstanceOf(DingTalkTimeoutError);
    expect(error).toMatchObject({ outcomeUnknown: true });
  });

  it('a throttled send is retried and delivered exactly once', async () => {
    sandbox.faults.failNext({
      code: 'Forbidden.AccessDenied.QpsLimitForAppkeyAndApi',
      status: 403,
      count: 2,
      api: 'SendByApp',
    });

    const { error } = await timedSend();

    expect(error).toBeUndefined();
    expect(sandbox.stats().requests.SendByApp).toBe(3);
    expect(sandbox.deliveries()).toHaveLength(1);
  });

  it.each([
    [
      '5xx answers',
      () =>
        sandbox.faults.failNext({ code: 'systemError', status: 500, count: 2, api: 'GetSpace' }),
    ],
    [
      'a connection dropped after it ran',
      () => sandbox.faults.dropNext({ when: 'after', api: 'GetSpace' }),
    ],
    [
      'connections dropped before it ran',
      () => sandbox.faults.dropNext({ when: 'before', count: 2, api: 'GetSpace' }),
    ],
  ])('GetSpace, which changes nothing, is retried through %s', async (_case, inject) => {
    inject();

    await expect(convFiles(instance).getSpace(GET_SPACE_INPUT)).resolves.toHaveProperty(
      'space.spaceId',
    );
  });

  it('a token endpoint failing while the cached token is valid does not stop calls', async () => {
    await convFiles(instance).sendByApp(SEND_BY_APP_INPUT);
    sandbox.faults.failNext({
      code: 'systemError',
      status: 500,
      count: 100,
      api: 'GetAccessToken',
    });

    for (let i = 0; i < 5; i++) await convFiles(instance).sendByApp(SEND_BY_APP_INPUT);

    expect(sandbox.deliveries()).toHaveLength(6);
    expect(sandbox.stats().tokenFetches).toBe(1);
  });

  it('a failing token endpoint with no token yet gives a clear error and sends nothing', async () => {
    sandbox.faults.failNext({
      code: 'systemError',
      status: 500,
      count: 100,
      api: 'GetAccessToken',
    });

    const { error, ms } = await timedSend();

    expect(error).toBeInstanceOf(DingTalkApiError);
    expect(error).toMatchObject({ code: 'systemError', api: 'GetAccessToken' });
    expect(sandbox.stats().requests.SendByApp).toBe(0);
    expect(ms).toBeLessThan(LONGEST_CALL_MS);
  });
});
