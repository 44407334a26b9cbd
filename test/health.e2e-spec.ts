import { startTestApp, type TestApp } from './support/sample-app.test-helper';

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

  it('/health/ready reuses its result for a while: a probe flood asks for a token once', async () => {
    // One token request per check (no retries), each failing: without reuse, one per probe.
    const app = await startTestApp({ DINGTALK_RETRY_MAX: '0' });
    t = app;
    app.sandbox.faults.failNext({
      api: 'GetAccessToken',
      code: 'systemError',
      status: 500,
      count: 50,
    });
    const probe = () => app.http.get('/health/ready');

    const first = await probe().expect(503);
    for (let again = 0; again < 9; again++) await probe().expect(503);
    const together = await Promise.all(Array.from({ length: 10 }, probe));

    expect(first.body.error.dingtalk).toMatchObject({ status: 'down', code: 'systemError' });
    expect(together.map((response) => response.status)).toEqual(Array<number>(10).fill(503));
    expect(app.sandbox.stats().requests.GetAccessToken).toBe(1);
  });

  it("/health/ready's 503 is Terminus's report as JSON, not the API routes' error shape", async () => {
    t = await startTestApp({ DINGTALK_APP_SECRET: 'not-the-sandbox-secret' });

    const response = await t.http.get('/health/ready').expect(503);

    expect(response.headers['content-type']).toMatch(/^application\/json/);
    expect(response.headers['x-request-id']).toBeDefined();
    const down = { status: 'down', code: 'invalidClientIdOrSecret', message: expect.any(String) };
    expect(response.body).toEqual({
      status: 'error',
      info: {},
      error: { dingtalk: down },
      details: { dingtalk: down },
    });
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
