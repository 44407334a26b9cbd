import { getEventListeners } from 'node:events';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { decryptDingTalkEvent, signDingTalkEvent } from './dingtalk-callback.cipher';
import { createDingTalkSandbox, type DingTalkSandbox } from './sandbox.server';
import type { SandboxPush } from './suite-push.model';
import { SuiteTicketPusher } from './suite-ticket.pusher';
import type { SandboxWorldInit } from './world.model';
import { SandboxWorld } from './world.store';
import { SandboxWorldError } from './world.validator';
import {
  CallbackApp,
  closedPortUrl,
  successAnswer,
  type AppBehaviour,
  type ReceivedPush,
} from '../testing/callback-app.test-helper';
import { call, manualClock, PATHS, until } from '../testing/sandbox-http.test-helper';
import { TEST_AES_KEY, twoCorpWorld } from '../testing/two-corps.test-world';

const SUITE = 'suite-x';
const TOKEN = 'suite-x-callback-token';
const OTHER_AES_KEY = 'Zz9Yy8Xx7Ww6Vv5Uu4Tt3Ss2Rr1Qq0Pp9Oo8Nn7Mm6L';

/** The answer DingTalk requires, from an app holding suite-x's callback secrets. */
const success = (): AppBehaviour => ({ body: successAnswer(TOKEN, TEST_AES_KEY, SUITE) });

/** The two-corp world, suite-x's callback given a URL (and suite-y a callback without one). */
function worldWithUrl(url: string): SandboxWorldInit {
  const world = twoCorpWorld();
  const [x, y] = world.suites ?? [];
  x.callback = { token: TOKEN, aesKey: TEST_AES_KEY, url };
  y.callback = { token: 'suite-y-token', aesKey: TEST_AES_KEY };
  return world;
}

/** The event a push carries, decrypted with suite-x's aesKey, after checking its signature. */
function openPush(push: ReceivedPush): string {
  const { encrypt } = JSON.parse(push.text) as { encrypt: string };
  const timestamp = push.query.get('timestamp') ?? '';
  const nonce = push.query.get('nonce') ?? '';
  expect(push.query.get('signature')).toBe(signDingTalkEvent(TOKEN, timestamp, nonce, encrypt));
  return decryptDingTalkEvent(TEST_AES_KEY, encrypt, SUITE).message;
}

describe("suite ticket pushes to the app's callback URL", () => {
  const clock = manualClock(Date.parse('2025-03-01T08:00:00Z'));
  let sandbox: DingTalkSandbox;
  let app: CallbackApp;
  const logged: string[] = [];

  beforeEach(async () => {
    app = await CallbackApp.start(success);
    logged.length = 0;
    sandbox = await createDingTalkSandbox({
      world: twoCorpWorld(),
      now: clock.now,
      logger: (line) => logged.push(line),
    });
  });
  afterEach(async () => {
    await sandbox.close();
    await app.close();
  });

  const corpToken = (suiteTicket: string) =>
    call(sandbox, PATHS.corpAccessToken, {
      body: { suiteKey: SUITE, suiteSecret: 'suite-x-secret', authCorpId: 'corp-a', suiteTicket },
    });

  it("rotates the ticket, posts DingTalk's signed and encrypted event, and checks the app's answer", async () => {
    const arrived = app.next();
    const push = await sandbox.pushSuiteTicket(SUITE, { url: app.url });
    const received = await arrived;

    expect(push).toStrictEqual({
      suiteKey: SUITE,
      event: 'suite_ticket',
      suiteTicket: expect.stringMatching(/^[A-Za-z0-9]{48}$/),
      url: app.url,
      delivered: true,
      status: 200,
      at: '2025-03-01T08:00:00.000Z',
    });
    expect(push.suiteTicket).not.toBe('suite-x-ticket');
    expect(received).toMatchObject({ method: 'POST', path: '/dingtalk/events' });
    expect(received.contentType).toBe('application/json');
    expect([...received.query.keys()].sort()).toEqual(['nonce', 'signature', 'timestamp']);
    expect(received.query.get('timestamp')).toBe(String(clock.now()));
    expect(received.query.get('nonce')).toMatch(/^[A-Za-z0-9]{8}$/);
    expect(Object.keys(JSON.parse(received.text))).toEqual(['encrypt']);
    expect(openPush(received)).toBe(
      `{"EventType":"suite_ticket","SuiteTicket":"${push.suiteTicket}","SuiteKey":"suite-x","TimeStamp":"${clock.now()}"}`,
    );

    expect((await corpToken('suite-x-ticket')).json.code).toBe('invalidSuiteTicket');
    expect((await corpToken(push.suiteTicket as string)).status).toBe(200);
    expect(sandbox.world.suite(SUITE)?.suiteTicket).toBe(push.suiteTicket);
    expect(sandbox.pushes()).toEqual([push]);
  });

  it('signs each push afresh: a new nonce, ticket and ciphertext every time', async () => {
    const first = await sandbox.pushSuiteTicket(SUITE, { url: app.url });
    const second = await sandbox.pushSuiteTicket(SUITE, { url: app.url });
    const [a, b] = app.received;
    expect(second.suiteTicket).not.toBe(first.suiteTicket);
    expect(a.query.get('nonce')).not.toBe(b.query.get('nonce'));
    expect(JSON.parse(openPush(b)).SuiteTicket).toBe(second.suiteTicket);
    expect((await corpToken(first.suiteTicket as string)).json.code).toBe('invalidSuiteTicket');
  });

  it('pushes the current ticket again with rotate: false', async () => {
    const push = await sandbox.pushSuiteTicket(SUITE, { url: app.url, rotate: false });
    expect(push).toMatchObject({ suiteTicket: 'suite-x-ticket', delivered: true });
    expect(JSON.parse(openPush(app.received[0])).SuiteTicket).toBe('suite-x-ticket');
    expect((await corpToken('suite-x-ticket')).status).toBe(200);
  });

  it('pushes check_url on demand, leaving the ticket alone', async () => {
    const push = await sandbox.pushCheckUrl(SUITE, { url: app.url });
    expect(push).toStrictEqual({
      suiteKey: SUITE,
      event: 'check_url',
      url: app.url,
      delivered: true,
      status: 200,
      at: '2025-03-01T08:00:00.000Z',
    });
    expect(openPush(app.received[0])).toBe('{"EventType":"check_url"}');
    expect(sandbox.world.suite(SUITE)?.suiteTicket).toBe('suite-x-ticket');
  });

  describe('an answer DingTalk would not take is not delivered, and the ticket is rotated all the same', () => {
    const cases: Array<[string, AppBehaviour, string, number]> = [
      [
        'an error status',
        { status: 500, body: successAnswer(TOKEN, TEST_AES_KEY, SUITE) },
        'the app answered HTTP 500, not 2xx',
        500,
      ],
      ['plain "success"', { body: 'success' }, 'the answer is not JSON', 200],
      ['a JSON array', { body: [] }, 'the answer is JSON, but not an object', 200],
      [
        'no encrypt',
        { body: { ...successAnswer(TOKEN, TEST_AES_KEY, SUITE), encrypt: undefined } },
        "the answer's encrypt must be a non-empty string",
        200,
      ],
      [
        'a blank nonce',
        { body: { ...successAnswer(TOKEN, TEST_AES_KEY, SUITE), nonce: '' } },
        "the answer's nonce must be a non-empty string",
        200,
      ],
      [
        'a signature made with another token',
        { body: successAnswer(TOKEN, TEST_AES_KEY, SUITE, { signToken: 'other-token' }) },
        "the answer's msg_signature is not the signature",
        200,
      ],
      [
        'success sealed for another owner key',
        { body: successAnswer(TOKEN, TEST_AES_KEY, SUITE, { ownerKey: 'suite-y' }) },
        "the answer's encrypt cannot be read: encrypt was sealed for another owner key",
        200,
      ],
      [
        'success sealed with another aesKey',
        { body: successAnswer(TOKEN, OTHER_AES_KEY, SUITE) },
        "the answer's encrypt cannot be read",
        200,
      ],
      [
        'something other than success',
        { body: successAnswer(TOKEN, TEST_AES_KEY, SUITE, { message: 'fail' }) },
        'the answer\'s encrypt does not hold "success"',
        200,
      ],
      [
        'an answer far too large',
        { body: 'x'.repeat(200 * 1024) },
        'the answer is larger than 65536 bytes',
        200,
      ],
    ];

    it.each(cases)('%s', async (_name, behaviour, reason, status) => {
      app.answerWith(() => behaviour);
      const push = await sandbox.pushSuiteTicket(SUITE, { url: app.url });
      expect(push).toMatchObject({ delivered: false, status });
      expect(push.reason).toContain(reason);
      expect((await corpToken('suite-x-ticket')).json.code).toBe('invalidSuiteTicket');
      expect((await corpToken(push.suiteTicket as string)).status).toBe(200);
      expect(sandbox.pushes()).toEqual([push]);
    });
  });

  it.each<[string, AppBehaviour]>([
    [
      'a numeric timeStamp',
      { body: { ...successAnswer(TOKEN, TEST_AES_KEY, SUITE), timeStamp: 1700000000000 } },
    ],
    [
      '201 Created (a framework default for POST)',
      { status: 201, body: successAnswer(TOKEN, TEST_AES_KEY, SUITE) },
    ],
  ])('takes a valid answer with %s', async (_name, behaviour) => {
    app.answerWith(() => behaviour);
    expect((await sandbox.pushSuiteTicket(SUITE, { url: app.url })).delivered).toBe(true);
  });

  it('reports an unreachable URL and a dropped connection without failing', async () => {
    const refused = await sandbox.pushSuiteTicket(SUITE, { url: await closedPortUrl() });
    expect(refused).toMatchObject({
      delivered: false,
      reason: 'no answer from the callback URL (ECONNREFUSED)',
    });
    expect(refused).not.toHaveProperty('status');
    app.answerWith(() => 'drop');
    const dropped = await sandbox.pushSuiteTicket(SUITE, { url: app.url });
    expect(dropped).toMatchObject({
      delivered: false,
      reason: expect.stringContaining('ECONNRESET'),
    });
    expect((await corpToken(dropped.suiteTicket as string)).status).toBe(200);
  });

  it('gives up after callbackTimeoutMs and keeps serving', async () => {
    const impatient = await createDingTalkSandbox({ world: twoCorpWorld(), callbackTimeoutMs: 50 });
    try {
      app.answerWith(() => 'hang');
      const push = await impatient.pushSuiteTicket(SUITE, { url: app.url });
      expect(push).toMatchObject({ delivered: false, reason: 'no answer within 50 ms' });
      expect(push).not.toHaveProperty('status');
      expect(app.received).toHaveLength(1);
      const token = await call(impatient, PATHS.accessToken, {
        body: { appKey: 'app-a', appSecret: 'app-a-secret' },
      });
      expect(token.status).toBe(200);
    } finally {
      await impatient.close();
    }
  });

  it('ends a pending push when the sandbox closes, without waiting for the timeout', async () => {
    app.answerWith(() => 'hang');
    const arrived = app.next();
    const pending = sandbox.pushSuiteTicket(SUITE, { url: app.url });
    await arrived;
    await sandbox.close();
    await expect(pending).resolves.toMatchObject({
      delivered: false,
      reason: 'the sandbox closed before the app answered',
    });
  });

  it.each<[string, () => Promise<unknown>, string | (new (...args: any[]) => Error)]>([
    [
      'an unknown suite',
      () => sandbox.pushSuiteTicket('suite-z', { url: app.url }),
      SandboxWorldError,
    ],
    [
      'a suite without callback',
      () => sandbox.pushSuiteTicket('suite-y', { url: app.url }),
      'suite "suite-y" has no callback (token and aesKey)',
    ],
    [
      'no URL in the world or the call',
      () => sandbox.pushSuiteTicket(SUITE),
      'suite "suite-x" has no callback.url in the world',
    ],
    [
      'a URL that is not http(s)',
      () => sandbox.pushSuiteTicket(SUITE, { url: 'ftp://x/' }),
      'url must be an absolute http: or https: URL',
    ],
    [
      'a rotate that is not boolean',
      () => sandbox.pushSuiteTicket(SUITE, { url: app.url, rotate: 'yes' as never }),
      'rotate must be true or false',
    ],
    ['check_url without a URL', () => sandbox.pushCheckUrl(SUITE), 'has no callback.url'],
  ])('rejects %s, rotating and posting nothing', async (_name, attempt, error) => {
    await expect(attempt()).rejects.toThrow(error);
    expect(sandbox.world.suite(SUITE)?.suiteTicket).toBe('suite-x-ticket');
    expect(app.received).toEqual([]);
    expect(sandbox.pushes()).toEqual([]);
  });

  it('logs each push without its URL, ticket or token', async () => {
    const push = await sandbox.pushSuiteTicket(SUITE, { url: `${app.url}?key=secret-query` });
    app.answerWith(() => ({ status: 503, body: 'busy' }));
    await sandbox.pushCheckUrl(SUITE, { url: app.url });
    expect(logged).toEqual([
      'PUSH suite_ticket suite-x 200 delivered',
      'PUSH check_url suite-x 503 not delivered: the app answered HTTP 503, not 2xx',
    ]);
    const text = logged.join('\n');
    for (const secret of [push.suiteTicket as string, 'secret-query', TOKEN, '127.0.0.1']) {
      expect(text).not.toContain(secret);
    }
  });

  it('keeps the app URL query and adds its own parameters', async () => {
    await sandbox.pushSuiteTicket(SUITE, { url: `${app.url}?tenant=7` });
    expect(app.received[0].query.get('tenant')).toBe('7');
    expect(openPush(app.received[0])).toContain('"EventType":"suite_ticket"');
  });

  it('forgets recorded pushes on reset', async () => {
    await sandbox.pushSuiteTicket(SUITE, { url: app.url });
    sandbox.reset();
    expect(sandbox.pushes()).toEqual([]);
  });

  it('hands out a copy of the recorded pushes', async () => {
    const push = await sandbox.pushSuiteTicket(SUITE, { url: app.url });
    const copy = sandbox.pushes() as SandboxPush[];
    copy.length = 0;
    expect(sandbox.pushes()).toStrictEqual([push]);
  });

  it('rotates the ticket with rotate: true', async () => {
    const push = await sandbox.pushSuiteTicket(SUITE, { url: app.url, rotate: true });
    expect(push.suiteTicket).toMatch(/^[A-Za-z0-9]{48}$/);
    expect(sandbox.world.suite(SUITE)?.suiteTicket).toBe(push.suiteTicket);
  });

  it.each<[string, string]>([
    ['pushSuiteTicket', 'pushSuiteTicket("suite-z"): no such suite'],
    ['pushCheckUrl', 'pushCheckUrl("suite-z"): no such suite'],
  ])('names %s and the unknown suite', async (method, message) => {
    const attempt =
      method === 'pushSuiteTicket'
        ? sandbox.pushSuiteTicket('suite-z', { url: app.url })
        : sandbox.pushCheckUrl('suite-z', { url: app.url });
    await expect(attempt).rejects.toThrow(new SandboxWorldError(message));
    await expect(attempt).rejects.toBeInstanceOf(SandboxWorldError);
  });

  it.each<[string, () => Promise<unknown>, string]>([
    [
      'a suite without callback',
      () => sandbox.pushSuiteTicket('suite-y', { url: app.url }),
      'suite "suite-y" has no callback (token and aesKey) in the world, so nothing can be pushed',
    ],
    [
      'no URL in the world or the call',
      () => sandbox.pushSuiteTicket(SUITE),
      'suite "suite-x" has no callback.url in the world: give the url to push to',
    ],
    [
      'a URL object instead of text',
      () => sandbox.pushSuiteTicket(SUITE, { url: new URL(app.url) as never }),
      'url must be an absolute http: or https: URL',
    ],
    [
      'a relative URL',
      () => sandbox.pushCheckUrl(SUITE, { url: '/dingtalk/events' }),
      'url must be an absolute http: or https: URL',
    ],
    [
      'a rotate that is not boolean',
      () => sandbox.pushSuiteTicket(SUITE, { url: app.url, rotate: 1 as never }),
      'rotate must be true or false',
    ],
  ])('rejects %s with a TypeError, posting nothing', async (_name, attempt, message) => {
    const rejected = attempt();
    await expect(rejected).rejects.toThrow(new TypeError(message));
    await expect(rejected).rejects.toBeInstanceOf(TypeError);
    expect(app.received).toStrictEqual([]);
    expect(sandbox.world.suite(SUITE)?.suiteTicket).toBe('suite-x-ticket');
  });

  it('takes an answer of exactly 64 KiB, and refuses one a byte longer, keeping its status', async () => {
    const answer = JSON.stringify(successAnswer(TOKEN, TEST_AES_KEY, SUITE));
    app.answerWith(() => ({ status: 202, body: answer.padEnd(64 * 1024, ' ') }));
    const whole = await sandbox.pushSuiteTicket(SUITE, { url: app.url });
    app.answerWith(() => ({ status: 202, body: answer.padEnd(64 * 1024 + 1, ' ') }));
    const over = await sandbox.pushSuiteTicket(SUITE, { url: app.url });
    expect(whole).toMatchObject({ delivered: true, status: 202 });
    expect(over).toMatchObject({
      delivered: false,
      status: 202,
      reason: 'the answer is larger than 65536 bytes',
    });
  });

  it.each<[number, string | undefined]>([
    [101, 'the app answered HTTP 101, not 2xx'],
    [200, undefined],
    [299, undefined],
    [300, 'the app answered HTTP 300, not 2xx'],
    [404, 'the app answered HTTP 404, not 2xx'],
  ])('judges HTTP %d by its status alone', async (status, reason) => {
    app.answerWith(() => ({ status, body: successAnswer(TOKEN, TEST_AES_KEY, SUITE) }));
    const push = await sandbox.pushCheckUrl(SUITE, { url: app.url });
    expect(push).toStrictEqual({
      suiteKey: SUITE,
      event: 'check_url',
      url: app.url,
      delivered: reason === undefined,
      status,
      ...(reason === undefined ? {} : { reason }),
      at: '2025-03-01T08:00:00.000Z',
    });
  });

  it.each<[string, string | object, string]>([
    ['text that is not JSON', '{"msg_signature":', 'the answer is not JSON'],
    ['null', 'null', 'the answer is JSON, but not an object'],
    ['a number', '42', 'the answer is JSON, but not an object'],
    ['a string', '"success"', 'the answer is JSON, but not an object'],
    [
      'a numeric msg_signature',
      { ...successAnswer(TOKEN, TEST_AES_KEY, SUITE), msg_signature: 1 },
      "the answer's msg_signature must be a non-empty string",
    ],
    [
      'no timeStamp',
      { ...successAnswer(TOKEN, TEST_AES_KEY, SUITE), timeStamp: undefined },
      "the answer's timeStamp must be a non-empty string",
    ],
    [
      'a boolean timeStamp',
      { ...successAnswer(TOKEN, TEST_AES_KEY, SUITE), timeStamp: true },
      "the answer's timeStamp must be a non-empty string",
    ],
    [
      'a numeric nonce',
      { ...successAnswer(TOKEN, TEST_AES_KEY, SUITE), nonce: 12345678 },
      "the answer's nonce must be a non-empty string",
    ],
    [
      'a blank encrypt',
      { ...successAnswer(TOKEN, TEST_AES_KEY, SUITE), encrypt: '' },
      "the answer's encrypt must be a non-empty string",
    ],
    [
      'every field missing, naming the first',
      {},
      "the answer's msg_signature must be a non-empty string",
    ],
    [
      'a timeStamp other than the signed one',
      { ...successAnswer(TOKEN, TEST_AES_KEY, SUITE), timeStamp: '1700000000001' },
      "the answer's msg_signature is not the signature of the callback token, timeStamp, nonce and encrypt",
    ],
    [
      'success sealed for another owner key',
      successAnswer(TOKEN, TEST_AES_KEY, SUITE, { ownerKey: 'suite-y' }),
      "the answer's encrypt cannot be read: encrypt was sealed for another owner key",
    ],
    [
      '"Success" rather than "success"',
      successAnswer(TOKEN, TEST_AES_KEY, SUITE, { message: 'Success' }),
      'the answer\'s encrypt does not hold "success"',
    ],
  ])('refuses %s, saying why', async (_name, body, reason) => {
    app.answerWith(() => ({ body }));
    const push = await sandbox.pushCheckUrl(SUITE, { url: app.url });
    expect(push).toStrictEqual({
      suiteKey: SUITE,
      event: 'check_url',
      url: app.url,
      delivered: false,
      status: 200,
      reason,
      at: '2025-03-01T08:00:00.000Z',
    });
    expect(logged).toStrictEqual([`PUSH check_url suite-x 200 not delivered: ${reason}`]);
  });

  it('records a push that got no answer without a status', async () => {
    const push = await sandbox.pushCheckUrl(SUITE, { url: await closedPortUrl() });
    expect(push).toStrictEqual({
      suiteKey: SUITE,
      event: 'check_url',
      url: push.url,
      delivered: false,
      reason: 'no answer from the callback URL (ECONNREFUSED)',
      at: '2025-03-01T08:00:00.000Z',
    });
    expect(logged).toStrictEqual([
      'PUSH check_url suite-x not delivered: no answer from the callback URL (ECONNREFUSED)',
    ]);
  });

  it('reports an answer cut off before its end as no answer', async () => {
    const cut = createServer((req, res) => {
      req.resume();
      req.on('end', () => {
        res.writeHead(200, { 'content-length': '1000' });
        res.write('{"msg_signature":', () => req.socket.destroy());
      });
    });
    await new Promise<void>((resolve) => cut.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = cut.address() as AddressInfo;
      const push = await sandbox.pushCheckUrl(SUITE, { url: `http://127.0.0.1:${port}/` });
      expect(push).toMatchObject({
        delivered: false,
        reason: 'no answer from the callback URL (ECONNRESET)',
      });
      expect(push).not.toHaveProperty('status');
    } finally {
      await new Promise<void>((resolve) => cut.close(() => resolve()));
    }
  });

  it('posts an https: URL over TLS', async () => {
    const url = app.url.replace(/^http:/, 'https:');
    const push = await sandbox.pushCheckUrl(SUITE, { url });
    expect(push).toMatchObject({ url, delivered: false });
    expect(push.reason).toMatch(/^no answer from the callback URL \(E[A-Z_]+\)$/);
    expect(app.received).toStrictEqual([]);
  });

  it('ends a push started after close at once, posting nothing', async () => {
    await sandbox.close();
    const push = await sandbox.pushCheckUrl(SUITE, { url: app.url });
    expect(push).toMatchObject({
      delivered: false,
      reason: 'the sandbox closed before the app answered',
    });
    expect(app.received).toStrictEqual([]);
  });

  it('delivers even when the logger throws', async () => {
    const throwing = await createDingTalkSandbox({
      world: twoCorpWorld(),
      logger: () => {
        throw new Error('logger broke');
      },
    });
    try {
      const push = await throwing.pushSuiteTicket(SUITE, { url: app.url });
      expect(push.delivered).toBe(true);
    } finally {
      await throwing.close();
    }
  });
});

describe('the push at start', () => {
  let app: CallbackApp;
  let sandbox: DingTalkSandbox | undefined;

  afterEach(async () => {
    await sandbox?.close();
    await app.close();
  });

  it("pushes the world's ticket, unrotated, to every suite whose callback has a URL", async () => {
    app = await CallbackApp.start(success);
    const arrived = app.next();
    sandbox = await createDingTalkSandbox({ world: worldWithUrl(app.url) });
    const received = await arrived;
    expect(JSON.parse(openPush(received))).toMatchObject({
      EventType: 'suite_ticket',
      SuiteTicket: 'suite-x-ticket',
      SuiteKey: SUITE,
    });
    const started = sandbox;
    await until(() => started.pushes().length === 1);
    expect(started.pushes()[0]).toMatchObject({
      suiteKey: SUITE,
      delivered: true,
      suiteTicket: 'suite-x-ticket',
    });
    // suite-y's callback has no URL: nothing was pushed for it.
    expect(app.received).toHaveLength(1);
    expect(started.world.suite(SUITE)?.suiteTicket).toBe('suite-x-ticket');
  });

  it('does not hold start back while the app is slow', async () => {
    app = await CallbackApp.start(() => 'hang');
    const arrived = app.next();
    sandbox = await createDingTalkSandbox({ world: worldWithUrl(app.url) });
    expect(sandbox.pushes()).toEqual([]);
    await arrived;
    await sandbox.close();
    const closed = sandbox;
    await until(() => closed.pushes().length === 1);
    expect(closed.pushes()[0]).toMatchObject({
      delivered: false,
      reason: 'the sandbox closed before the app answered',
    });
  });

  it('records an unreachable app at start and keeps running', async () => {
    app = await CallbackApp.start(success);
    sandbox = await createDingTalkSandbox({ world: worldWithUrl(await closedPortUrl()) });
    const started = sandbox;
    await until(() => started.pushes().length === 1);
    expect(started.pushes()[0]).toMatchObject({
      delivered: false,
      reason: expect.stringContaining('ECONNREFUSED'),
    });
    const token = await call(started, PATHS.accessToken, {
      body: { appKey: 'app-a', appSecret: 'app-a-secret' },
    });
    expect(token.status).toBe(200);
  });
});

describe('admin route POST /__sandbox/suites/{suiteKey}/ticket', () => {
  let app: CallbackApp;
  let sandbox: DingTalkSandbox;

  beforeEach(async () => {
    app = await CallbackApp.start(success);
    const started = app.next();
    sandbox = await createDingTalkSandbox({ world: worldWithUrl(app.url) });
    await started;
    await until(() => sandbox.pushes().length === 1);
    sandbox.reset();
  });
  afterEach(async () => {
    await sandbox.close();
    await app.close();
  });

  const admin = (route: string, options: { method?: string; body?: unknown } = {}) =>
    call(sandbox, `/__sandbox/${route}`, { method: options.method ?? 'POST', body: options.body });

  it("pushes a rotated ticket to the world's URL with no body, and answers the outcome", async () => {
    const res = await admin('suites/suite-x/ticket');
    expect(res.status).toBe(200);
    expect(res.json).toEqual({
      suiteKey: SUITE,
      event: 'suite_ticket',
      suiteTicket: sandbox.world.suite(SUITE)?.suiteTicket,
      url: app.url,
      delivered: true,
      status: 200,
      at: expect.any(String),
    });
    expect(res.json.suiteTicket).not.toBe('suite-x-ticket');
    expect(JSON.parse(openPush(app.received[1])).SuiteTicket).toBe(res.json.suiteTicket);
    const listed = await admin('pushes', { method: 'GET' });
    expect(listed.json).toEqual({ pushes: [res.json] });
  });

  it('takes url, rotate and event in the body', async () => {
    const other = await CallbackApp.start(success);
    try {
      const ticket = await admin('suites/suite-x/ticket', {
        body: { url: other.url, rotate: false },
      });
      expect(ticket.json).toMatchObject({
        suiteTicket: 'suite-x-ticket',
        url: other.url,
        delivered: true,
      });
      const check = await admin('suites/suite-x/ticket', {
        body: { event: 'check_url', url: other.url },
      });
      expect(check.json).toMatchObject({ event: 'check_url', delivered: true });
      expect(check.json).not.toHaveProperty('suiteTicket');
      expect(other.received.map(openPush)).toEqual([
        expect.stringContaining('"SuiteTicket":"suite-x-ticket"'),
        '{"EventType":"check_url"}',
      ]);
      expect(app.received).toHaveLength(1);
    } finally {
      await other.close();
    }
  });

  it('answers 200 with delivered false when the app fails', async () => {
    app.answerWith(() => ({ status: 500, body: 'oops' }));
    const res = await admin('suites/suite-x/ticket');
    expect([res.status, res.json.delivered, res.json.status]).toEqual([200, false, 500]);
  });

  it.each([
    [
      'an unknown field',
      'suites/suite-x/ticket',
      { url: 'http://x/', rotation: false },
      'unknown field(s) rotation',
    ],
    [
      'an unknown event',
      'suites/suite-x/ticket',
      { event: 'tmp_auth_code' },
      'event must be suite_ticket or check_url',
    ],
    [
      'rotate with check_url',
      'suites/suite-x/ticket',
      { event: 'check_url', rotate: true },
      'rotate applies to suite_ticket pushes only',
    ],
    [
      'a bad url',
      'suites/suite-x/ticket',
      { url: 'not a url' },
      'url must be an absolute http: or https: URL',
    ],
    ['a bad rotate', 'suites/suite-x/ticket', { rotate: 'no' }, 'rotate must be true or false'],
    ['a suite without callback.url', 'suites/suite-y/ticket', undefined, 'has no callback.url'],
    [
      'an unknown suite',
      'suites/suite-z/ticket',
      undefined,
      'pushSuiteTicket("suite-z"): no such suite',
    ],
    ['a body that is not a JSON object', 'suites/suite-x/ticket', '[1]', 'JSON object'],
  ])(
    'answers 400 Sandbox.BadRequest for %s, pushing nothing',
    async (_name, route, body, reason) => {
      const res = await admin(route, { body });
      expect([res.status, res.json.code]).toEqual([400, 'Sandbox.BadRequest']);
      expect(res.json.message).toContain(reason);
      expect(app.received).toHaveLength(1);
      expect(sandbox.world.suite(SUITE)?.suiteTicket).toBe('suite-x-ticket');
    },
  );

  it('answers 404 for GET', async () => {
    const res = await admin('suites/suite-x/ticket', { method: 'GET' });
    expect([res.status, res.json.code]).toEqual([404, 'InvalidAction.NotFound']);
  });
});

describe('SuiteTicketPusher on its own', () => {
  let app: CallbackApp;
  let shutdown: AbortController;
  let pusher: SuiteTicketPusher;

  beforeEach(async () => {
    app = await CallbackApp.start(success);
    shutdown = new AbortController();
    pusher = new SuiteTicketPusher({
      world: new SandboxWorld(worldWithUrl(app.url)),
      now: manualClock().now,
      timeoutMs: 1234,
      shutdown: shutdown.signal,
      log: () => undefined,
    });
  });
  afterEach(async () => {
    jest.useRealTimers();
    shutdown.abort();
    await app.close();
  });

  /** Fakes setTimeout and clearTimeout only: sockets and everything else run for real. */
  const fakeTimeouts = (): void => {
    jest.useFakeTimers({
      doNotFake: [
        'Date',
        'hrtime',
        'nextTick',
        'performance',
        'queueMicrotask',
        'setImmediate',
        'clearImmediate',
        'setInterval',
        'clearInterval',
      ],
    });
  };

  it('gives up after timeoutMs, saying so', async () => {
    fakeTimeouts();
    app.answerWith(() => 'hang');
    const arrived = app.next();
    const pending = pusher.push(SUITE, 'check_url');
    await arrived;
    expect(jest.getTimerCount()).toBe(1);
    jest.advanceTimersByTime(1234);
    await expect(pending).resolves.toMatchObject({
      delivered: false,
      reason: 'no answer within 1234 ms',
    });
  });

  it('leaves no timer and no shutdown listener behind once a push settles', async () => {
    fakeTimeouts();
    app.answerWith(() => 'hang');
    const arrived = app.next();
    const pending = pusher.push(SUITE, 'check_url');
    await arrived;
    expect(getEventListeners(shutdown.signal, 'abort')).toHaveLength(1);
    app.answerWith(success);
    expect((await pusher.push(SUITE, 'check_url')).delivered).toBe(true);
    expect(getEventListeners(shutdown.signal, 'abort')).toHaveLength(1);
    expect(jest.getTimerCount()).toBe(1);
    shutdown.abort();
    await expect(pending).resolves.toMatchObject({
      reason: 'the sandbox closed before the app answered',
    });
    expect(getEventListeners(shutdown.signal, 'abort')).toHaveLength(0);
    expect(jest.getTimerCount()).toBe(0);
  });

  it("posts to the url given rather than the world's", async () => {
    const other = await CallbackApp.start(success);
    try {
      const push = await pusher.push(SUITE, 'check_url', { url: other.url });
      expect(push).toMatchObject({ url: other.url, delivered: true });
      expect([app.received.length, other.received.length]).toStrictEqual([0, 1]);
    } finally {
      await other.close();
    }
  });

  it("posts to the world's url when none is given", async () => {
    expect(await pusher.push(SUITE, 'check_url')).toMatchObject({ url: app.url, delivered: true });
    expect(app.received).toHaveLength(1);
  });

  it('names the event in the pushes it records and logs', async () => {
    const lines: string[] = [];
    const logging = new SuiteTicketPusher({
      world: new SandboxWorld(worldWithUrl(app.url)),
      now: manualClock(Date.parse('2025-04-05T06:07:08Z')).now,
      timeoutMs: 1234,
      shutdown: shutdown.signal,
      log: (line) => lines.push(line),
    });
    const ticket = await logging.push(SUITE, 'suite_ticket', { rotate: false });
    const check = await logging.push(SUITE, 'check_url');
    expect(ticket).toStrictEqual({
      suiteKey: SUITE,
      event: 'suite_ticket',
      suiteTicket: 'suite-x-ticket',
      url: app.url,
      delivered: true,
      status: 200,
      at: '2025-04-05T06:07:08.000Z',
    });
    expect(check.event).toBe('check_url');
    expect(lines).toStrictEqual([
      'PUSH suite_ticket suite-x 200 delivered',
      'PUSH check_url suite-x 200 delivered',
    ]);
    expect(logging.pushes()).toStrictEqual([ticket, check]);
    logging.clear();
    expect(logging.pushes()).toStrictEqual([]);
  });
});
