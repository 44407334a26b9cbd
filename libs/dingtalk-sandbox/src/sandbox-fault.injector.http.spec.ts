import { request } from 'node:http';
import { createDingTalkSandbox, type DingTalkSandbox } from './sandbox.server';
import { call, callConvFile, fetchToken, PATHS, until } from '../testing/sandbox-http.test-helper';

const REPORT = { spaceId: 'space-project', dentryId: 'dentry-report' };

describe('fault injection over HTTP', () => {
  let sandbox: DingTalkSandbox;
  let token: string;

  beforeAll(async () => {
    sandbox = await createDingTalkSandbox({ rateLimit: false });
  });
  beforeEach(async () => {
    sandbox.reset();
    token = await fetchToken(sandbox);
  });
  afterAll(() => sandbox.close());

  const sendByApp = () => callConvFile(sandbox, PATHS.sendByApp, token, 'union-alice', REPORT);

  it('answers the next N calls with the forced error, then behaves normally', async () => {
    sandbox.faults.failNext({ code: 'systemError', status: 500, count: 2 });
    const answers = [await sendByApp(), await sendByApp(), await sendByApp()];
    expect(answers.map((res) => [res.status, res.json.code])).toEqual([
      [500, 'systemError'],
      [500, 'systemError'],
      [200, undefined],
    ]);
    expect(answers[0].json).toEqual({
      code: 'systemError',
      message: 'Sandbox injected fault systemError.',
      requestid: answers[0].headers['x-acs-request-id'],
    });
    expect(sandbox.deliveries()).toHaveLength(1);
  });

  it('forces any code and status, e.g. a 401 InvalidAuthentication on a valid token', async () => {
    sandbox.faults.failNext({ code: 'InvalidAuthentication', status: 401, message: 'stale' });
    const res = await sendByApp();
    expect([res.status, res.json.code, res.json.message]).toEqual([
      401,
      'InvalidAuthentication',
      'stale',
    ]);
    expect((await sendByApp()).status).toBe(200);
  });

  it('fails the token endpoint while a cached token keeps working', async () => {
    sandbox.faults.failNext({ code: 'systemError', status: 500, api: 'GetAccessToken', count: 3 });
    const tokenCall = await call(sandbox, PATHS.accessToken, {
      body: { appKey: 'sandbox-app-key', appSecret: 'sandbox-app-secret' },
    });
    expect(tokenCall.status).toBe(500);
    expect((await sendByApp()).status).toBe(200);
    expect(sandbox.faults.pending().queued).toMatchObject([
      { api: 'GetAccessToken', remaining: 2 },
    ]);
  });

  it('drops the connection before processing: nothing is delivered', async () => {
    sandbox.faults.dropNext({ when: 'before', api: 'SendByApp' });
    await expect(sendByApp()).rejects.toMatchObject({ code: 'ECONNRESET' });
    expect(sandbox.deliveries()).toEqual([]);
    expect((await sendByApp()).status).toBe(200);
  });

  it('drops the connection after processing: delivered, but the client never hears', async () => {
    sandbox.faults.dropNext({ when: 'after', count: 2 });
    await expect(sendByApp()).rejects.toMatchObject({ code: 'ECONNRESET' });
    await expect(sendByApp()).rejects.toMatchObject({ code: 'ECONNRESET' });
    expect(sandbox.deliveries()).toHaveLength(2);
    expect(sandbox.stats().requests.SendByApp).toBe(2);
  });

  it('answers the per-IP block as an HTML page (403 by default), without a request id', async () => {
    sandbox.faults.blockNext({ format: 'html' });
    const res = await sendByApp();
    expect(res.status).toBe(403);
    expect(res.headers['content-type']).toBe('text/html;charset=utf-8');
    expect(res.text).toContain('<html>');
    expect(res.json).toBeUndefined();
    expect(res.headers).not.toHaveProperty('x-acs-request-id');
    expect(sandbox.deliveries()).toEqual([]);
  });

  it('answers the per-IP block as {"status":1111,"wait":5} (200 by default, no result, no request id)', async () => {
    sandbox.faults.blockNext({ format: 'json' });
    sandbox.faults.blockNext({ format: 'json', status: 503 });
    const first = await sendByApp();
    expect(first.status).toBe(200);
    expect(first.json).toMatchObject({ status: 1111, wait: 5 });
    expect(first.json).not.toHaveProperty('file');
    expect(first.headers).not.toHaveProperty('x-acs-request-id');
    expect((await sendByApp()).status).toBe(503);
    expect(sandbox.deliveries()).toEqual([]);
  });

  it('holds back the answers of one API only, after processing the call, until released', async () => {
    const held = await createDingTalkSandbox({ rateLimit: false });
    try {
      const heldToken = await fetchToken(held);
      held.faults.setLatency(60_000, 'SendByApp');
      expect(held.faults.pending().latencyMs).toEqual({ all: 0, SendByApp: 60_000 });
      let settled = false;
      const req = request(`${held.url}${PATHS.sendByApp}?unionId=union-alice`, {
        method: 'POST',
        agent: false,
        headers: { 'content-type': 'application/json', 'x-acs-dingtalk-access-token': heldToken },
      });
      req.on('response', () => (settled = true));
      req.on('error', () => (settled = true));
      req.end(JSON.stringify(REPORT));
      // Processed at once: the delivery exists while its answer is held back.
      await until(() => held.deliveries().length === 1);
      const other = await callConvFile(held, PATHS.getSpace, heldToken, 'union-alice', {
        openConversationId: 'cid-project-group',
      });
      expect(other.status).toBe(200);
      expect(settled).toBe(false);
      // Closing releases the held answer: the client hears, rather than waiting a minute.
      await held.close();
      await until(() => settled);
    } finally {
      await held.close();
    }
  });
});
