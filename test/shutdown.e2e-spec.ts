import { createServer } from 'node:http';
import { connect, type AddressInfo } from 'node:net';
import { ChildApp } from './support/child-app.process';
import { TEST_API_KEY } from './support/sample-app.test-helper';
import { waitUntil } from './support/wait-until.test-helper';

jest.setTimeout(60_000);

/** True once a new TCP connection to `port` is refused. */
function refuses(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(false);
    });
    socket.once('error', (error: NodeJS.ErrnoException) => resolve(error.code === 'ECONNREFUSED'));
  });
}

/** Under the 60 s test timeout: a condition that never holds fails naming what it waited for. */
const WAIT_MS = 30_000;

/** Starts `npm start`'s command in sandbox mode and reads the service's port and the sandbox URL from its banner. */
async function startChild(env: Record<string, string> = {}) {
  const child = new ChildApp({ PORT: '0', HOST: '127.0.0.1', ...env });
  const [, port] = await child.waitFor(/Service: +http:\/\/127\.0\.0\.1:(\d+)/);
  const [, sandboxUrl] = await child.waitFor(/Sandbox: +(http:\/\/127\.0\.0\.1:\d+)/);
  return {
    child,
    port: Number(port),
    /** Holds back the sandbox's answers to `api` by `ms`. */
    delay: (api: string, ms: number) =>
      fetch(`${sandboxUrl}/__sandbox/faults`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ type: 'latency', ms, api }),
      }),
    /** Calls to `api` the sandbox has received. */
    received: async (api: string): Promise<number> => {
      const stats = await (await fetch(`${sandboxUrl}/__sandbox/stats`)).json();
      return stats.requests[api];
    },
    call: (path: string, body: object) =>
      fetch(`http://127.0.0.1:${port}${path}?unionId=union-alice`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-api-key': 'sandbox-key' },
        body: JSON.stringify(body),
      }),
  };
}

/**
 * A stand-in for DingTalk on 127.0.0.1: answers the token request at once and holds every other
 * answer until `release()`, so a call stays in flight exactly as long as the test wants.
 */
async function startHeldDingTalk() {
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  let called!: () => void;
  const convFileCalled = new Promise<void>((resolve) => (called = resolve));
  const server = createServer((request, response) => {
    request.resume();
    const answer = (body: object) =>
      response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    if (request.url === '/v1.0/oauth2/accessToken') {
      answer({ accessToken: 'held-access-token', expireIn: 7200 });
    } else {
      called();
      void released.then(() => answer({ file: { id: 'dentry-report', name: 'Q1-report.xlsx' } }));
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    /** Resolves when the first convFile call arrives. */
    convFileCalled,
    release,
    close: () => {
      server.closeAllConnections();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

describe('npm start as a process', () => {
  let child: ChildApp | undefined;
  let dingTalk: Awaited<ReturnType<typeof startHeldDingTalk>> | undefined;

  afterEach(async () => {
    child?.kill();
    await dingTalk?.close();
    dingTalk = undefined;
  });

  it('on SIGTERM stops accepting, finishes the in-flight request, then exits 0', async () => {
    dingTalk = await startHeldDingTalk();
    child = new ChildApp({
      PORT: '0',
      HOST: '127.0.0.1',
      DINGTALK_APP_KEY: 'held-app-key',
      DINGTALK_APP_SECRET: 'held-app-secret',
      DINGTALK_API_BASE_URL: dingTalk.url,
      API_KEYS: TEST_API_KEY,
    });
    const port = Number((await child.waitFor(/Listening on http:\/\/127\.0\.0\.1:(\d+)/))[1]);
    const inFlight = fetch(
      `http://127.0.0.1:${port}/v1.0/convFile/apps/conversations/files/send?unionId=union-alice`,
      {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-api-key': TEST_API_KEY },
        body: JSON.stringify({ spaceId: 'space-project', dentryId: 'dentry-report' }),
      },
    );
    await dingTalk.convFileCalled;

    child.signal('SIGTERM');

    await waitUntil(() => refuses(port), 'the app to refuse new connections', WAIT_MS);
    dingTalk.release();
    const response = await inFlight;
    expect(response.status).toBe(200);
    expect((await response.json()).file.id).toBe('dentry-report');
    expect(await child.exited).toBe(0);
    expect(child.output).toMatch(/POST \/v1\.0\/convFile\/apps\/conversations\/files\/send 200/);
  });

  it('cuts requests still running after SHUTDOWN_TIMEOUT_MS, then exits 0', async () => {
    const started = await startChild({ SHUTDOWN_TIMEOUT_MS: '200' });
    child = started.child;
    await started.delay('GetSpace', 60_000);
    const stuck = started.call('/v1.0/convFile/conversations/spaces/query', {
      openConversationId: 'cid-project-group',
    });
    await waitUntil(
      async () => (await started.received('GetSpace')) === 1,
      'the sandbox to receive the GetSpace call',
      WAIT_MS,
    );

    child.signal('SIGTERM');

    await expect(stuck).rejects.toThrow();
    expect(await child.exited).toBe(0);
  });

  it('refuses to start with NODE_ENV=production and no credentials, exiting 1', async () => {
    child = new ChildApp({ NODE_ENV: 'production', PORT: '0' });

    expect(await child.exited).toBe(1);
    expect(child.output).toContain(
      'DINGTALK_APP_KEY and DINGTALK_APP_SECRET are required when NODE_ENV=production',
    );
    expect(child.output).not.toContain('SANDBOX MODE');
  });
});
