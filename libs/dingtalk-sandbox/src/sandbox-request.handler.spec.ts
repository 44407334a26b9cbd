import {
  createServer,
  request,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http';
import type { AddressInfo } from 'node:net';
import type { SandboxDelivery } from './delivery.model';
import type { SandboxAdminTarget } from './sandbox-admin.routes';
import { SandboxCounters } from './sandbox.counters';
import { SandboxFaults } from './sandbox-fault.injector';
import { IP_BLOCK_PAGE } from './sandbox.messages';
import { SandboxRateLimiter } from './sandbox-rate.limiter';
import { SandboxRequestHandler, type SandboxState } from './sandbox-request.handler';
import type { DingTalkSandbox } from './sandbox.server';
import { SandboxTokenStore } from './sandbox-token.store';
import { SandboxWorld } from './world.store';
import {
  call,
  manualClock,
  PATHS,
  until,
  type CallOptions,
} from '../testing/sandbox-http.test-helper';
import { twoCorpWorld } from '../testing/two-corps.test-world';

const REQUEST_ID = /^[0-9A-F]{8}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{12}$/;
const FILE_A = { spaceId: 'space-a', dentryId: 'file-a' };
const APP_A = { appKey: 'app-a', appSecret: 'app-a-secret' };
const SEND_BY_APP = `${PATHS.sendByApp}?unionId=union-ann`;
const NOT_FOUND = {
  code: 'InvalidAction.NotFound',
  message: 'Specified api is not found, please check your url and method.',
};

/**
 * A SandboxRequestHandler on its own state behind a real HTTP server, each handle() kept so a
 * spec can wait for the handler to finish, answer or not.
 */
class Harness {
  readonly handled: Array<Promise<void>> = [];
  readonly lines: string[] = [];
  readonly deliveries: SandboxDelivery[] = [];
  readonly counters = new SandboxCounters();
  readonly faults = new SandboxFaults();
  readonly shutdown = new AbortController();
  readonly world = new SandboxWorld(twoCorpWorld());
  readonly clock = manualClock(Date.parse('2025-05-01T10:00:00Z'));
  readonly tokens = new SandboxTokenStore(7200, this.clock.now);
  readonly limiter = new SandboxRateLimiter(2, 1000, this.clock.now);
  private server: Server | undefined;
  url = '';

  constructor(private readonly overrides: Partial<SandboxState> = {}) {}

  /** Listens; `before` runs on each request before the handler does. */
  async start(before?: (req: IncomingMessage, res: ServerResponse) => void): Promise<this> {
    const handler = new SandboxRequestHandler({
      world: this.world,
      tokens: this.tokens,
      limiter: this.limiter,
      faults: this.faults,
      counters: this.counters,
      deliveries: this.deliveries,
      now: this.clock.now,
      logger: (line) => this.lines.push(line),
      shutdown: this.shutdown.signal,
      admin: {} as SandboxAdminTarget,
      ...this.overrides,
    });
    const server = createServer((req, res) => {
      before?.(req, res);
      this.handled.push(handler.handle(req, res));
    });
    this.server = server;
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    return this;
  }

  call(path: string, options?: CallOptions): ReturnType<typeof call> {
    return call(this as unknown as DingTalkSandbox, path, options);
  }

  /** A call whose outcome is 'no answer' when the connection ends without one. */
  async outcome(path: string, options?: CallOptions): Promise<number | 'no answer'> {
    try {
      return (await this.call(path, options)).status;
    } catch {
      return 'no answer';
    }
  }

  /** Starts a call and resolves once the handler has received it; the call's answer is ignored. */
  async pending(path: string, body: unknown, headers: Record<string, string>): Promise<void> {
    const req = request(`${this.url}${path}`, {
      method: 'POST',
      agent: false,
      headers: { 'content-type': 'application/json', ...headers },
    });
    req.on('error', () => undefined);
    req.end(JSON.stringify(body));
    await until(() => this.handled.length > 0);
  }

  async token(): Promise<string> {
    const res = await this.call(PATHS.accessToken, { body: APP_A });
    return (res.json as { accessToken: string }).accessToken;
  }

  close(): Promise<void> {
    const server = this.server;
    if (!server) return Promise.resolve();
    return new Promise((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
  }
}

describe('SandboxRequestHandler', () => {
  let harness: Harness;
  const start = async (overrides?: Partial<SandboxState>): Promise<Harness> => {
    harness = await new Harness(overrides).start();
    return harness;
  };
  afterEach(() => harness.close());

  describe('API calls', () => {
    it('answers 200 JSON with its length and a fresh upper-case request id, and logs the call', async () => {
      const h = await start();
      const first = await h.call(PATHS.accessToken, { body: APP_A });
      const second = await h.call(PATHS.accessToken, { body: APP_A });
      const id = String(first.headers['x-acs-request-id']);
      expect(first.status).toBe(200);
      expect(first.headers['content-type']).toBe('application/json;charset=utf-8');
      expect(first.headers['content-length']).toBe(String(Buffer.byteLength(first.text)));
      expect(first.json).toStrictEqual({ accessToken: expect.any(String), expireIn: 7200 });
      expect(id).toMatch(REQUEST_ID);
      expect(second.headers['x-acs-request-id']).not.toBe(id);
      expect(h.lines).toStrictEqual([
        `POST ${PATHS.accessToken} 200 ${id}`,
        `POST ${PATHS.accessToken} 200 ${String(second.headers['x-acs-request-id'])}`,
      ]);
    });

    it('counts each call, and a token fetched by its caller', async () => {
      const h = await start();
      await h.call(PATHS.accessToken, { body: APP_A });
      await h.call(PATHS.accessToken, { body: { ...APP_A, appSecret: 'wrong' } });
      const { tokenFetches, tokenFetchesBy, requests } = h.counters.snapshot();
      expect([tokenFetches, tokenFetchesBy, requests.GetAccessToken]).toStrictEqual([
        1,
        { 'app:app-a': 1 },
        2,
      ]);
    });

    it("records a delivery stamped with the injected clock and the answer's request id", async () => {
      const h = await start();
      const token = await h.token();
      const res = await h.call(SEND_BY_APP, {
        body: FILE_A,
        headers: { 'x-acs-dingtalk-access-token': token },
      });
      expect(res.status).toBe(200);
      expect(h.deliveries).toStrictEqual([
        {
          api: 'SendByApp',
          appKey: 'app-a',
          corpId: 'corp-a',
          unionId: 'union-ann',
          ...FILE_A,
          at: '2025-05-01T10:00:00.000Z',
          requestId: res.headers['x-acs-request-id'],
        },
      ]);
      expect(h.counters.snapshot().tokenFetches).toBe(1);
    });

    it('records no delivery and no token fetch for a call that only reads', async () => {
      const h = await start();
      const token = await h.token();
      const res = await h.call(`${PATHS.getSpace}?unionId=union-ann`, {
        body: { openConversationId: 'cid-a' },
        headers: { 'x-acs-dingtalk-access-token': token },
      });
      expect(res.status).toBe(200);
      expect(h.deliveries).toStrictEqual([]);
      expect(h.counters.snapshot().tokenFetches).toBe(1);
    });

    it("answers a handler's refusal with its status and code, the request id in header and body", async () => {
      const h = await start();
      const res = await h.call(PATHS.accessToken, { body: { appKey: 'app-a' } });
      const id = res.headers['x-acs-request-id'];
      expect([res.status, res.json]).toStrictEqual([
        400,
        {
          code: 'paramError',
          message: 'appSecret is required and must be a non-blank string.',
          requestid: id,
        },
      ]);
      expect(h.lines).toStrictEqual([`POST ${PATHS.accessToken} 400 paramError ${String(id)}`]);
    });

    it('counts a call by its caller once the token is accepted, whether then throttled, refused by scope or served', async () => {
      const h = await start();
      h.world.addApp({ appKey: 'app-c', appSecret: 'app-c-secret', corpId: 'corp-a', scopes: [] });
      const token = await h.token();
      const scopeless = (
        await h.call(PATHS.accessToken, { body: { appKey: 'app-c', appSecret: 'app-c-secret' } })
      ).json.accessToken as string;
      const sendByApp = (accessToken: string) =>
        h.call(SEND_BY_APP, {
          body: FILE_A,
          headers: { 'x-acs-dingtalk-access-token': accessToken },
        });
      const statuses = [
        (await sendByApp(token)).status,
        (await sendByApp(token)).status,
        (await sendByApp(token)).status,
        (await sendByApp(scopeless)).status,
        (await sendByApp('unknown-token')).status,
      ];
      expect(statuses).toStrictEqual([200, 200, 403, 403, 400]);
      expect(h.counters.snapshot().callsBy).toStrictEqual({
        'app:app-a': { SendByApp: 3 },
        'app:app-c': { SendByApp: 1 },
      });
      expect(h.counters.snapshot().requests.SendByApp).toBe(5);
    });

    it('throttles a caller over the limit with the limit in the message', async () => {
      const h = await start();
      const token = await h.token();
      const headers = { 'x-acs-dingtalk-access-token': token };
      await h.call(SEND_BY_APP, { body: FILE_A, headers });
      await h.call(SEND_BY_APP, { body: FILE_A, headers });
      const refused = await h.call(SEND_BY_APP, { body: FILE_A, headers });
      expect([refused.status, refused.json.code, refused.json.message]).toStrictEqual([
        403,
        'Forbidden.AccessDenied.QpsLimitForAppkeyAndApi',
        'Calls by app app-a to SendByApp exceeded 2 per window; retry in about 1 second.',
      ]);
      expect(h.deliveries).toHaveLength(2);
    });

    it('refuses a caller without the route scope, naming the scope', async () => {
      const h = await start();
      h.world.addApp({ appKey: 'app-c', appSecret: 'app-c-secret', corpId: 'corp-a', scopes: [] });
      const token = (
        await h.call(PATHS.accessToken, { body: { appKey: 'app-c', appSecret: 'app-c-secret' } })
      ).json.accessToken as string;
      const res = await h.call(SEND_BY_APP, {
        body: FILE_A,
        headers: { 'x-acs-dingtalk-access-token': token },
      });
      expect([res.status, res.json.code, res.json.accessdenieddetail]).toStrictEqual([
        403,
        'Forbidden.AccessDenied.AccessTokenPermissionDenied',
        { requiredScopes: ['ConvFile.File.Send'] },
      ]);
    });
  });

  describe('other paths', () => {
    it.each([
      ['POST', '/nope'],
      ['GET', PATHS.accessToken],
      ['GET', '/x/__sandbox/stats'],
      ['GET', '/__sandbox'],
    ])('answers %s %s 404 InvalidAction.NotFound with the request id', async (method, path) => {
      const h = await start();
      const res = await h.call(path, { method });
      const id = String(res.headers['x-acs-request-id']);
      expect(id).toMatch(REQUEST_ID);
      expect([res.status, res.json]).toStrictEqual([404, { ...NOT_FOUND, requestid: id }]);
      expect(h.lines).toStrictEqual([`${method} ${path} 404 InvalidAction.NotFound ${id}`]);
      expect(h.counters.snapshot().requests.GetAccessToken).toBe(0);
    });

    it('reads a request target that is no URL path as "/"', async () => {
      const h = await start();
      const res = await h.call('//');
      expect(res.status).toBe(404);
      expect(h.lines).toStrictEqual([
        `POST / 404 InvalidAction.NotFound ${String(res.headers['x-acs-request-id'])}`,
      ]);
    });

    it('hands /__sandbox/ paths to the admin routes, and logs them', async () => {
      const pushes = [{ suiteKey: 'marker' }];
      const h = await start({ admin: { pushes: () => pushes } as unknown as SandboxAdminTarget });
      const res = await h.call('/__sandbox/pushes', { method: 'GET' });
      expect([res.status, res.json]).toStrictEqual([200, { pushes }]);
      expect(h.lines).toStrictEqual([
        `GET /__sandbox/pushes 200 ${String(res.headers['x-acs-request-id'])}`,
      ]);
    });
  });

  describe('unexpected failures', () => {
    it('answers 500 unknownError and logs the reason of an Error', async () => {
      const h = await start({
        admin: {
          pushes: () => {
            throw new Error('admin broke');
          },
        } as unknown as SandboxAdminTarget,
      });
      const res = await h.call('/__sandbox/pushes', { method: 'GET' });
      const id = String(res.headers['x-acs-request-id']);
      expect([res.status, res.json]).toStrictEqual([
        500,
        { code: 'unknownError', message: 'Unknown Error', requestid: id },
      ]);
      expect(h.lines).toStrictEqual([
        'GET /__sandbox/pushes failed: admin broke',
        `GET /__sandbox/pushes 500 unknownError ${id}`,
      ]);
    });

    it('logs what was thrown when it is not an Error', async () => {
      const thrown: unknown = 'clock broke';
      const h = await start({
        now: () => {
          throw thrown;
        },
      });
      const token = await h.token();
      const res = await h.call(SEND_BY_APP, {
        body: FILE_A,
        headers: { 'x-acs-dingtalk-access-token': token },
      });
      expect(res.status).toBe(500);
      expect(h.lines.slice(1)).toStrictEqual([
        `POST ${PATHS.sendByApp} failed: clock broke`,
        `POST ${PATHS.sendByApp} 500 unknownError ${String(res.headers['x-acs-request-id'])}`,
      ]);
    });

    it('keeps answering when the logger throws', async () => {
      const h = await start({
        logger: () => {
          throw new Error('logger broke');
        },
      });
      expect((await h.call(PATHS.accessToken, { body: APP_A })).status).toBe(200);
      expect((await h.call('/nope')).status).toBe(404);
    });

    it('answers without a logger', async () => {
      const h = await start({ logger: undefined });
      expect((await h.call(PATHS.accessToken, { body: APP_A })).status).toBe(200);
    });

    it('gives up quietly, writing nothing more, when the answer was already started', async () => {
      harness = new Harness();
      const h = await harness.start((_req, res) => {
        res.writeHead(299);
        res.flushHeaders();
      });
      const answered = h.call('/nope');
      await until(() => h.handled.length === 1);
      await expect(h.handled[0]).resolves.toBeUndefined();
      expect(h.lines).toStrictEqual([
        expect.stringMatching(/^POST \/nope 404 InvalidAction\.NotFound /),
      ]);
      await h.close();
      await expect(answered).rejects.toBeDefined();
    });

    it('answers and logs nothing to a client that hung up while sending its body', async () => {
      const h = await start();
      const req = request(`${h.url}${PATHS.accessToken}`, {
        method: 'POST',
        agent: false,
        headers: { 'content-type': 'application/json', 'content-length': '100' },
      });
      req.on('error', () => undefined);
      req.write('{"appKey":');
      await until(() => h.handled.length === 1);
      req.destroy();
      await expect(h.handled[0]).resolves.toBeUndefined();
      expect(h.lines).toStrictEqual([]);
      expect(h.counters.snapshot().requests.GetAccessToken).toBe(0);
    });
  });

  describe('faults', () => {
    it('answers an error fault with its status, code and message instead of running the API', async () => {
      const h = await start();
      h.faults.failNext({ code: 'Throttled', status: 429, message: 'slow down' });
      const res = await h.call(PATHS.accessToken, { body: APP_A });
      const id = String(res.headers['x-acs-request-id']);
      expect([res.status, res.json]).toStrictEqual([
        429,
        { code: 'Throttled', message: 'slow down', requestid: id },
      ]);
      expect(h.lines).toStrictEqual([`POST ${PATHS.accessToken} 429 Throttled ${id}`]);
      expect(h.counters.snapshot()).toMatchObject({
        tokenFetches: 0,
        requests: { GetAccessToken: 1 },
      });
    });

    it('answers an ipBlock fault with the block page, without request id, instead of running the API', async () => {
      const h = await start();
      h.faults.blockNext({ format: 'html', status: 429 });
      const res = await h.call(PATHS.accessToken, { body: APP_A });
      expect([res.status, res.headers['content-type'], res.text]).toStrictEqual([
        429,
        'text/html;charset=utf-8',
        IP_BLOCK_PAGE,
      ]);
      expect(res.headers).not.toHaveProperty('x-acs-request-id');
      expect(h.lines).toStrictEqual([`POST ${PATHS.accessToken} 429`]);
      expect(h.counters.snapshot().tokenFetches).toBe(0);
    });

    it('drops the connection before running the API, counting the call', async () => {
      const h = await start();
      const token = await h.token();
      h.faults.dropNext({ when: 'before' });
      const outcome = await h.outcome(SEND_BY_APP, {
        body: FILE_A,
        headers: { 'x-acs-dingtalk-access-token': token },
      });
      await Promise.all(h.handled);
      expect(outcome).toBe('no answer');
      expect(h.deliveries).toStrictEqual([]);
      expect(h.lines.slice(1)).toStrictEqual([`POST ${PATHS.sendByApp} dropped`]);
      expect(h.counters.snapshot().requests.SendByApp).toBe(1);
      expect(h.counters.snapshot().callsBy).toStrictEqual({});
    });

    it('drops the connection after running the API: delivered, but never answered', async () => {
      const h = await start();
      const token = await h.token();
      h.faults.dropNext({ when: 'after' });
      const outcome = await h.outcome(SEND_BY_APP, {
        body: FILE_A,
        headers: { 'x-acs-dingtalk-access-token': token },
      });
      await Promise.all(h.handled);
      expect(outcome).toBe('no answer');
      expect(h.deliveries).toHaveLength(1);
      expect(h.lines.slice(1)).toStrictEqual([`POST ${PATHS.sendByApp} dropped`]);
    });

    it('answers after a latency has passed', async () => {
      const h = await start({ faults: new SandboxFaults(1) });
      const res = await h.call(PATHS.accessToken, { body: APP_A });
      expect(res.status).toBe(200);
    });

    it('runs the API at once but holds its answer back, giving it up when the sandbox shuts down', async () => {
      const h = await start();
      const token = await h.token();
      h.faults.setLatency(60_000, 'SendByApp');
      h.handled.length = 0;
      await h.pending(SEND_BY_APP, FILE_A, { 'x-acs-dingtalk-access-token': token });
      await until(() => h.deliveries.some((delivery) => delivery.api === 'SendByApp'));
      h.shutdown.abort();
      await expect(h.handled[0]).resolves.toBeUndefined();
      expect(h.lines.slice(1)).toStrictEqual([]);
    });

    it('answers nothing once the sandbox is shutting down, even without latency', async () => {
      const h = await start();
      const token = await h.token();
      h.shutdown.abort();
      h.handled.length = 0;
      await h.pending(SEND_BY_APP, FILE_A, { 'x-acs-dingtalk-access-token': token });
      await expect(h.handled[0]).resolves.toBeUndefined();
      expect(h.deliveries).toHaveLength(1);
      expect(h.lines.slice(1)).toStrictEqual([]);
    });
  });
});
