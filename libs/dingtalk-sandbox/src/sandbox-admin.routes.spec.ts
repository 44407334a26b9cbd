import { request } from 'node:http';
import { createDingTalkSandbox, type DingTalkSandbox } from './sandbox.server';
import { call, callConvFile, fetchToken, PATHS, until } from '../testing/sandbox-http.test-helper';

const REPORT = { spaceId: 'space-project', dentryId: 'dentry-report' };

describe('admin routes /__sandbox/*', () => {
  let sandbox: DingTalkSandbox;

  beforeAll(async () => {
    sandbox = await createDingTalkSandbox();
  });
  beforeEach(() => sandbox.reset());
  afterAll(() => sandbox.close());

  const admin = (method: string, route: string, body?: unknown) =>
    call(sandbox, `/__sandbox/${route}`, { method, body });

  it('GET deliveries and stats report what happened', async () => {
    const token = await fetchToken(sandbox);
    await callConvFile(sandbox, PATHS.sendByApp, token, 'union-alice', REPORT);
    const deliveries = await admin('GET', 'deliveries');
    expect(deliveries.status).toBe(200);
    expect(deliveries.json.deliveries).toEqual(sandbox.deliveries());
    expect(deliveries.json.deliveries).toHaveLength(1);
    const stats = await admin('GET', 'stats');
    expect(stats.json).toEqual(sandbox.stats());
    expect(stats.json).toMatchObject({ tokenFetches: 1, requests: { SendByApp: 1 } });
  });

  it('GET world returns the live world', async () => {
    sandbox.world.addUser({ unionId: 'union-added', corpId: 'ding-sandbox-corp' });
    const res = await admin('GET', 'world');
    expect(res.json.users).toContainEqual({ unionId: 'union-added', corpId: 'ding-sandbox-corp' });
    expect(res.json.apps[0].appKey).toBe('sandbox-app-key');
  });

  it('POST faults injects each kind of fault, GET lists them and DELETE clears them', async () => {
    const posts = [
      { type: 'latency', ms: 10, api: 'Send' },
      { type: 'error', code: 'systemError', status: 500, count: 2, api: 'SendByApp' },
      { type: 'drop', when: 'after' },
      { type: 'ipBlock', format: 'html' },
    ];
    for (const body of posts) expect((await admin('POST', 'faults', body)).status).toBe(200);
    const listed = await admin('GET', 'faults');
    expect(listed.json).toEqual({
      latencyMs: { all: 0, Send: 10 },
      queued: [
        {
          type: 'error',
          code: 'systemError',
          status: 500,
          message: 'Sandbox injected fault systemError.',
          api: 'SendByApp',
          remaining: 2,
        },
        { type: 'drop', when: 'after', remaining: 1 },
        { type: 'ipBlock', format: 'html', status: 403, remaining: 1 },
      ],
    });
    const cleared = await admin('DELETE', 'faults');
    expect(cleared.json).toEqual({ latencyMs: { all: 0 }, queued: [] });
  });

  it('a fault posted over HTTP hits the next call', async () => {
    const token = await fetchToken(sandbox);
    await admin('POST', 'faults', {
      type: 'error',
      code: 'Forbidden.AccessDenied.QpsLimitForAppkeyAndApi',
      status: 403,
    });
    const res = await callConvFile(sandbox, PATHS.sendByApp, token, 'union-alice', REPORT);
    expect([res.status, res.json.code]).toEqual([
      403,
      'Forbidden.AccessDenied.QpsLimitForAppkeyAndApi',
    ]);
  });

  it('a drop posted over HTTP cuts the next call before it is processed', async () => {
    const token = await fetchToken(sandbox);
    await admin('POST', 'faults', { type: 'drop', when: 'before', api: 'SendByApp' });
    await expect(
      callConvFile(sandbox, PATHS.sendByApp, token, 'union-alice', REPORT),
    ).rejects.toMatchObject({ code: 'ECONNRESET' });
    expect(sandbox.deliveries()).toEqual([]);
  });

  it('an ipBlock posted over HTTP answers the next call with the block page', async () => {
    const token = await fetchToken(sandbox);
    await admin('POST', 'faults', { type: 'ipBlock', format: 'json', status: 429 });
    const res = await callConvFile(sandbox, PATHS.sendByApp, token, 'union-alice', REPORT);
    expect(res.status).toBe(429);
    expect(res.json).toMatchObject({ status: 1111, wait: 5 });
    expect(sandbox.deliveries()).toEqual([]);
  });

  it('a latency posted over HTTP holds back the answer of a processed call', async () => {
    const token = await fetchToken(sandbox);
    await admin('POST', 'faults', { type: 'latency', ms: 60_000, api: 'SendByApp' });
    let settled = false;
    const req = request(`${sandbox.url}${PATHS.sendByApp}?unionId=union-alice`, {
      method: 'POST',
      agent: false,
      headers: { 'content-type': 'application/json', 'x-acs-dingtalk-access-token': token },
    });
    req.on('response', () => (settled = true));
    req.on('error', () => (settled = true));
    req.end(JSON.stringify(REPORT));
    try {
      await until(() => sandbox.deliveries().length === 1);
      const unaffected = await admin('GET', 'stats');
      expect(unaffected.status).toBe(200);
      expect(settled).toBe(false);
    } finally {
      req.destroy();
    }
  });

  it.each([
    [{ type: 'nope' }, 'type must be one of'],
    [{ type: 'error', code: 'x', status: 'bad' }, 'status'],
    [{ type: 'drop', when: 'later' }, 'when'],
    [{ type: 'ipBlock', format: 'html', api: 'Nope' }, 'unknown api'],
    [{ type: 'latency', ms: -5 }, 'latency'],
    [{ type: 'error', code: 'systemError', status: 500, cout: 2 }, 'unknown field(s) cout'],
    [{ type: 'latency', ms: 5, count: 2 }, 'unknown field(s) count for a latency fault'],
    ['not json', 'The request body must be a JSON object.'],
    ['[]', 'The request body must be a JSON object.'],
  ])('POST faults refuses %j with 400 Sandbox.BadRequest', async (body, message) => {
    const res = await admin('POST', 'faults', body);
    expect([res.status, res.json.code]).toEqual([400, 'Sandbox.BadRequest']);
    expect(res.json.message).toContain(message);
    expect(sandbox.faults.pending()).toEqual({ latencyMs: { all: 0 }, queued: [] });
  });

  it('POST reset clears deliveries, stats, faults and tokens', async () => {
    const token = await fetchToken(sandbox);
    await callConvFile(sandbox, PATHS.sendByApp, token, 'union-alice', REPORT);
    sandbox.faults.failNext({ code: 'systemError', status: 500 });
    expect((await admin('POST', 'reset')).json).toEqual({ reset: true });
    expect(sandbox.deliveries()).toEqual([]);
    expect(sandbox.stats()).toMatchObject({ tokenFetches: 0, throttled: 0, maxPerWindow: {} });
    expect(sandbox.faults.pending().queued).toEqual([]);
    const stale = await callConvFile(sandbox, PATHS.sendByApp, token, 'union-alice', REPORT);
    expect(stale.json.code).toBe('InvalidAuthentication');
  });

  it('answers 404 InvalidAction.NotFound for unknown admin routes', async () => {
    for (const [method, route] of [
      ['GET', 'nope'],
      ['PUT', 'faults'],
      ['GET', 'reset'],
    ]) {
      const res = await admin(method, route);
      expect([res.status, res.json.code]).toEqual([404, 'InvalidAction.NotFound']);
    }
  });

  it('is not subject to faults or counted as API calls', async () => {
    sandbox.faults.failNext({ code: 'systemError', status: 500 });
    expect((await admin('GET', 'stats')).status).toBe(200);
    expect(sandbox.faults.pending().queued).toHaveLength(1);
    expect(Object.values(sandbox.stats().requests).every((count) => count === 0)).toBe(true);
  });
});
