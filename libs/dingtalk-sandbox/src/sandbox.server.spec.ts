import { Agent } from 'node:http';
import { createDingTalkSandbox, type DingTalkSandbox } from './sandbox.server';
import { DEFAULT_SANDBOX_WORLD_PATH } from './world.loader';
import { SandboxWorldError } from './world.validator';
import { call, callConvFile, fetchToken, PATHS, until } from '../testing/sandbox-http.test-helper';

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
});
