import { Agent } from 'node:http';
import { createDingTalkSandbox, type DingTalkSandbox } from './sandbox.server';
import { DEFAULT_SANDBOX_WORLD_PATH, loadSandboxWorld } from './world.loader';
import { SandboxWorld } from './world.store';
import type { SandboxWorldInit } from './world.model';
import { SandboxWorldError } from './world.validator';
import type { SandboxDelivery } from './delivery.model';
import {
  call,
  callConvFile,
  fetchToken,
  manualClock,
  PATHS,
  until,
} from '../testing/sandbox-http.test-helper';
import { CallbackApp, successAnswer } from '../testing/callback-app.test-helper';
import { TEST_AES_KEY, twoCorpWorld } from '../testing/two-corps.test-world';

const REPORT = { spaceId: 'space-project', dentryId: 'dentry-report' };

describe('createDingTalkSandbox', () => {
  const started: DingTalkSandbox[] = [];
  const start = async (options?: Parameters<typeof createDingTalkSandbox>[0]) => {
    const sandbox = await createDingTalkSandbox(options);
    started.push(sandbox);
    return sandbox;
  };
  afterEach(async () => {
    await Promise.all(started.splice(0).map((sandbox) => sandbox.close()));
  });

  it('listens on 127.0.0.1 and a free port by default', async () => {
    const sandbox = await start();
    expect(sandbox.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(sandbox.url).not.toMatch(/:0$/);
  });

  it('listens on an IPv6 host, bracketed in its url, and answers there', async () => {
    const sandbox = await start({ host: '::1' });
    expect(sandbox.url).toMatch(/^http:\/\/\[::1\]:\d+$/);
    expect(await fetchToken(sandbox)).toMatch(/^[0-9a-f]{32}$/);
  });

  it('loads the default world without a world option', async () => {
    const sandbox = await start();
    expect(sandbox.world.toJSON()).toStrictEqual(new SandboxWorld(loadSandboxWorld()).toJSON());
    expect(await fetchToken(sandbox)).toMatch(/^[0-9a-f]{32}$/);
  });

  it('loads the world from an object or a path', async () => {
    const fromPath = await start({ world: DEFAULT_SANDBOX_WORLD_PATH });
    expect(fromPath.world.app('sandbox-app-key')).toBeDefined();
    const fromObject = await start({
      world: { apps: [{ appKey: 'k', appSecret: 's', corpId: 'c', scopes: [] }], users: [] },
    });
    expect(fromObject.world.app('sandbox-app-key')).toBeUndefined();
    expect(await fetchToken(fromObject, 'k', 's')).toMatch(/^[0-9a-f]{32}$/);
  });

  it.each([
    [{ tokenExpireInSeconds: 0 }, 'tokenExpireInSeconds'],
    [{ rateLimit: { limit: 0 } }, 'rateLimit.limit'],
    [{ rateLimit: { windowMs: 1.5 } }, 'rateLimit.windowMs'],
    [{ latencyMs: -1 }, 'latencyMs'],
    [{ latencyMs: Number.NaN }, 'latencyMs'],
    [{ callbackTimeoutMs: 0 }, 'callbackTimeoutMs'],
    [{ callbackTimeoutMs: 2.5 }, 'callbackTimeoutMs'],
  ])('refuses %j, naming the option', async (options, name) => {
    await expect(createDingTalkSandbox(options)).rejects.toThrow(new RegExp(`^${name} must be`));
  });

  it('refuses a bad world with a SandboxWorldError', async () => {
    const world = { apps: [], users: [{ unionId: 'u', corpId: '' }] };
    await expect(createDingTalkSandbox({ world })).rejects.toThrow(SandboxWorldError);
  });

  it('rejects when the port is taken', async () => {
    const first = await start();
    const port = Number(new URL(first.url).port);
    await expect(createDingTalkSandbox({ port })).rejects.toMatchObject({ code: 'EADDRINUSE' });
  });

  it('keeps connections alive across calls, errors included', async () => {
    const sandbox = await start();
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    try {
      const body = { appKey: 'sandbox-app-key', appSecret: 'sandbox-app-secret' };
      const first = await call(sandbox, PATHS.accessToken, { body, agent });
      const error = await call(sandbox, '/nope', { agent });
      const third = await call(sandbox, PATHS.accessToken, { body, agent });
      expect([first.reusedSocket, error.reusedSocket, third.reusedSocket]).toEqual([
        false,
        true,
        true,
      ]);
      expect(error.status).toBe(404);
    } finally {
      agent.destroy();
    }
  });

  it('closes with idle keep-alive connections open, and close() is idempotent', async () => {
    const sandbox = await start();
    const agent = new Agent({ keepAlive: true });
    await call(sandbox, '/nope', { agent });
    await sandbox.close();
    await sandbox.close();
    await expect(call(sandbox, '/nope')).rejects.toMatchObject({ code: 'ECONNREFUSED' });
    agent.destroy();
  });

  it('closes while an answer is held back by latency', async () => {
    const sandbox = await start({ latencyMs: 60_000 });
    const token = fetchToken(sandbox);
    const outcome = token.then(
      () => 'answered',
      (error: NodeJS.ErrnoException) => error.code,
    );
    await until(() => sandbox.stats().tokenFetches === 1);
    await sandbox.close();
    expect(await outcome).not.toBe('answered');
  });

  it('logs nothing by default', async () => {
    const spies = [
      jest.spyOn(process.stdout, 'write'),
      jest.spyOn(process.stderr, 'write'),
      jest.spyOn(console, 'log'),
      jest.spyOn(console, 'error'),
      jest.spyOn(console, 'warn'),
    ];
    try {
      const sandbox = await start();
      const token = await fetchToken(sandbox);
      await callConvFile(sandbox, PATHS.sendByApp, token, 'union-alice', REPORT);
      await callConvFile(sandbox, PATHS.sendByApp, 'bad', 'union-alice', REPORT);
      for (const spy of spies) expect(spy).not.toHaveBeenCalled();
    } finally {
      spies.forEach((spy) => spy.mockRestore());
    }
  });

  it('gives the optional logger one line per call, without tokens, secrets or user ids', async () => {
    const lines: string[] = [];
    const sandbox = await start({ logger: (line) => lines.push(line) });
    sandbox.faults.dropNext({ when: 'before', api: 'Send' });
    const token = await fetchToken(sandbox);
    const sent = await callConvFile(sandbox, PATHS.sendByApp, token, 'union-alice', REPORT);
    await callConvFile(sandbox, PATHS.sendByApp, 'bad-token', 'union-alice', REPORT);
    await expect(
      callConvFile(sandbox, PATHS.send, token, 'union-alice', REPORT),
    ).rejects.toBeDefined();
    expect(lines).toEqual([
      expect.stringMatching(/^POST \/v1\.0\/oauth2\/accessToken 200 [0-9A-F-]{36}$/),
      `POST ${PATHS.sendByApp} 200 ${String(sent.headers['x-acs-request-id'])}`,
      expect.stringMatching(
        /^POST \/v1\.0\/convFile\/apps\/conversations\/files\/send 400 InvalidAuthentication /,
      ),
      `POST ${PATHS.send} dropped`,
    ]);
    const all = lines.join('\n');
    for (const secret of [token, 'sandbox-app-secret', 'bad-token', 'union-alice']) {
      expect(all).not.toContain(secret);
    }
  });

  it('keeps answering when the logger throws', async () => {
    const sandbox = await start({
      logger: () => {
        throw new Error('logger broke');
      },
    });
    const token = await fetchToken(sandbox);
    const res = await callConvFile(sandbox, PATHS.sendByApp, token, 'union-alice', REPORT);
    expect(res.status).toBe(200);
  });

  it('answers 500 unknownError on an internal failure, even when the logger throws too', async () => {
    const sandbox = await start({
      now: () => {
        throw new Error('clock broke');
      },
      logger: () => {
        throw new Error('logger broke');
      },
    });
    const body = { appKey: 'sandbox-app-key', appSecret: 'sandbox-app-secret' };
    for (const attempt of [1, 2]) {
      const res = await call(sandbox, PATHS.accessToken, { body });
      expect([attempt, res.status, res.json.code]).toEqual([attempt, 500, 'unknownError']);
      expect(res.json.requestid).toBe(res.headers['x-acs-request-id']);
    }
  });

  it('issues tokens with the tokenExpireInSeconds lifetime, on the injected clock', async () => {
    const clock = manualClock();
    const sandbox = await start({ tokenExpireInSeconds: 60, now: clock.now });
    const body = { appKey: 'sandbox-app-key', appSecret: 'sandbox-app-secret' };
    const first = await call(sandbox, PATHS.accessToken, { body });
    expect(first.json.expireIn).toBe(60);
    clock.advance(60_000);
    const second = await call(sandbox, PATHS.accessToken, { body });
    expect(second.json.accessToken).not.toBe(first.json.accessToken);
  });

  it('limits calls with rateLimit, its windows on the injected clock', async () => {
    const clock = manualClock();
    const sandbox = await start({ rateLimit: { limit: 1, windowMs: 5000 }, now: clock.now });
    const body = { appKey: 'sandbox-app-key', appSecret: 'sandbox-app-secret' };
    const statuses = [(await call(sandbox, PATHS.accessToken, { body })).status];
    statuses.push((await call(sandbox, PATHS.accessToken, { body })).status);
    clock.advance(4999);
    statuses.push((await call(sandbox, PATHS.accessToken, { body })).status);
    clock.advance(1);
    statuses.push((await call(sandbox, PATHS.accessToken, { body })).status);
    expect(statuses).toStrictEqual([200, 403, 403, 200]);
  });

  it('reports counters, throttled calls and peaks per window in stats()', async () => {
    const sandbox = await start({ rateLimit: { limit: 1 } });
    const token = await fetchToken(sandbox);
    await callConvFile(sandbox, PATHS.sendByApp, token, 'union-alice', REPORT);
    await callConvFile(sandbox, PATHS.sendByApp, token, 'union-alice', REPORT);
    expect(sandbox.stats()).toStrictEqual({
      tokenFetches: 1,
      tokenFetchesBy: { 'app:sandbox-app-key': 1 },
      callsBy: { 'app:sandbox-app-key': { SendByApp: 2 } },
      requests: {
        GetAccessToken: 1,
        GetCorpAccessToken: 0,
        SendLink: 0,
        SendByApp: 2,
        Send: 0,
        GetSpace: 0,
      },
      throttled: 1,
      maxPerWindow: { 'sandbox-app-key': { GetAccessToken: 1, SendByApp: 1 } },
    });
  });

  it('hands out copies of the deliveries, stamped by the injected clock', async () => {
    const sandbox = await start({ now: manualClock(Date.parse('2025-02-03T04:05:06Z')).now });
    const token = await fetchToken(sandbox);
    await callConvFile(sandbox, PATHS.sendByApp, token, 'union-alice', REPORT);
    const copy = sandbox.deliveries() as SandboxDelivery[];
    expect(copy).toHaveLength(1);
    expect(copy[0].at).toBe('2025-02-03T04:05:06.000Z');
    copy.length = 0;
    expect(sandbox.deliveries()).toHaveLength(1);
  });

  it('clears deliveries, pushes, counters, rate windows, faults and tokens on reset, keeping the world', async () => {
    const app = await CallbackApp.start(() => ({
      body: successAnswer('suite-x-callback-token', TEST_AES_KEY, 'suite-x'),
    }));
    try {
      const sandbox = await start({ world: twoCorpWorld(), rateLimit: { limit: 1 } });
      const token = await fetchToken(sandbox, 'app-a');
      const sendByApp = (accessToken: string) =>
        callConvFile(sandbox, PATHS.sendByApp, accessToken, 'union-ann', {
          spaceId: 'space-a',
          dentryId: 'file-a',
        });
      await sendByApp(token);
      expect((await sendByApp(token)).status).toBe(403);
      await sandbox.pushSuiteTicket('suite-x', { url: app.url });
      sandbox.faults.failNext({ code: 'Boom', status: 500 });
      sandbox.faults.setLatency(5);
      sandbox.world.addUser({ unionId: 'union-new', corpId: 'corp-a' });

      sandbox.reset();

      expect(sandbox.deliveries()).toStrictEqual([]);
      expect(sandbox.pushes()).toStrictEqual([]);
      expect(sandbox.faults.pending()).toStrictEqual({ latencyMs: { all: 0 }, queued: [] });
      expect(sandbox.stats()).toMatchObject({
        tokenFetches: 0,
        tokenFetchesBy: {},
        callsBy: {},
        throttled: 0,
        maxPerWindow: {},
      });
      expect(Object.values(sandbox.stats().requests)).toStrictEqual([0, 0, 0, 0, 0, 0]);
      expect((await sendByApp(token)).json.code).toBe('InvalidAuthentication');
      expect((await sendByApp(await fetchToken(sandbox, 'app-a'))).status).toBe(200);
      expect(sandbox.world.user('union-new')).toBeDefined();
    } finally {
      await app.close();
    }
  });

  it('answers every close() with the same promise', async () => {
    const sandbox = await start();
    const closing = sandbox.close();
    expect(sandbox.close()).toBe(closing);
    await closing;
  });

  describe('the push at start', () => {
    /** The two-corp world: suite-x's callback posts to `url`; suite-y has none; suite-z's has no URL. */
    function world(url: string): SandboxWorldInit {
      const init = twoCorpWorld();
      const [x] = init.suites ?? [];
      x.callback = { token: 'suite-x-callback-token', aesKey: TEST_AES_KEY, url };
      init.suites?.push({
        suiteKey: 'suite-z',
        suiteSecret: 'suite-z-secret',
        suiteTicket: 'suite-z-ticket',
        authorizedCorpIds: ['corp-a'],
        scopes: [],
        callback: { token: 'suite-z-token', aesKey: TEST_AES_KEY },
      });
      return init;
    }

    it.each<[string, unknown, string]>([
      ['an Error', new Error('clock broke'), 'clock broke'],
      ['anything else', 'clock string', 'clock string'],
    ])(
      'logs a push that could not be made (%s thrown), only for suites whose callback has a URL',
      async (_name, thrown, reason) => {
        const lines: string[] = [];
        const sandbox = await start({
          world: world('http://127.0.0.1:9/callback'),
          now: () => {
            throw thrown;
          },
          logger: (line) => lines.push(line),
        });
        expect(lines).toStrictEqual([`PUSH suite_ticket suite-x not delivered: ${reason}`]);
        expect(sandbox.pushes()).toStrictEqual([]);
      },
    );

    it('starts even when the logger throws on a push that could not be made', async () => {
      const sandbox = await start({
        world: world('http://127.0.0.1:9/callback'),
        now: () => {
          throw new Error('clock broke');
        },
        logger: () => {
          throw new Error('logger broke');
        },
      });
      expect(sandbox.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    });
  });
});
