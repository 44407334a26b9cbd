import { connect } from 'node:net';
import { ChildApp } from './support/child-app';

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

/** Polls `check` until it holds: waits on a condition, never on a fixed delay. */
async function until(check: () => Promise<boolean>): Promise<void> {
  while (!(await check())) await new Promise((next) => setImmediate(next));
}

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

describe('npm start as a process', () => {
  let child: ChildApp | undefined;

  afterEach(() => child?.kill());

  it('on SIGTERM stops accepting, finishes the in-flight request, then exits 0', async () => {
    const started = await startChild();
    child = started.child;
    await started.delay('SendByApp', 2000);
    let answered = false;
    const slow = started
      .call('/v1.0/convFile/apps/conversations/files/send', {
        spaceId: 'space-project',
        dentryId: 'dentry-report',
      })
      .then((response) => {
        answered = true;
        return response;
      });
    await until(async () => (await started.received('SendByApp')) === 1);

    child.signal('SIGTERM');

    await until(() => refuses(started.port));
    expect(answered).toBe(false);
    const response = await slow;
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
    await until(async () => (await started.received('GetSpace')) === 1);

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
