import { startTestApp, type TestApp } from './support/test-app';

describe('health probes', () => {
  let t: TestApp | undefined;

  afterEach(async () => {
    await t?.close();
    t = undefined;
  });

  it('/health answers 200 without an API key', async () => {
    t = await startTestApp();

    const response = await t.http.get('/health').expect(200);

    expect(response.body.status).toBe('ok');
  });

  it('/health/ready answers 200 once a DingTalk token can be had', async () => {
    t = await startTestApp();

    const response = await t.http.get('/health/ready').expect(200);

    expect(response.body.details.dingtalk).toEqual({ status: 'up' });
    expect(t.sandbox.stats().tokenFetches).toBe(1);
  });

  it('/health/ready answers 503 with the reason when DingTalk rejects the credentials', async () => {
    t = await startTestApp({ DINGTALK_APP_SECRET: 'not-the-sandbox-secret' });

    const response = await t.http.get('/health/ready').expect(503);

    expect(response.body.status).toBe('error');
    expect(response.body.error.dingtalk).toMatchObject({
      status: 'down',
      code: 'invalidClientIdOrSecret',
    });
    expect(response.text).not.toContain('not-the-sandbox-secret');
    await t.http.get('/health').expect(200);
  });
});
