import { createDingTalkSandbox } from '@nest-dingtalk/sandbox';
import request from 'supertest';
import { MetricsPortServer } from '../src/metrics/metrics-port.server';
import { SHARED_REDIS_URL, SharedRedisKeys } from './support/shared-redis.test-helper';
import { waitUntil } from './support/wait-until.test-helper';
import {
  PATHS,
  startTestApp,
  TEST_API_KEY,
  WORLD,
  type TestApp,
} from './support/sample-app.test-helper';

const METRICS_TOKEN = 'metrics-token-0123456789abcdef';

/** The value of one sample line, e.g. `dingtalk_calls_total{api="SendByApp",…}`; undefined if absent. */
function sample(text: string, series: string): number | undefined {
  const line = text.split('\n').find((candidate) => candidate.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

describe('Prometheus metrics (METRICS_TOKEN, METRICS_PORT)', () => {
  let t: TestApp | undefined;
  const keys = new SharedRedisKeys();
  afterAll(() => keys.deleteAll());

  afterEach(async () => {
    await t?.close();
    t = undefined;
  });

  const sendByApp = (app: TestApp, unionId: string = WORLD.member) =>
    app.http
      .post(`${PATHS.SendByApp}?unionId=${unionId}`)
      .set('x-api-key', TEST_API_KEY)
      .send({ spaceId: WORLD.space, dentryId: WORLD.file });
  const scrape = (app: TestApp) =>
    app.http.get('/metrics').set('authorization', `Bearer ${METRICS_TOKEN}`).expect(200);

  it('are off without METRICS_TOKEN and METRICS_PORT', async () => {
    t = await startTestApp();

    await t.http.get('/metrics').set('authorization', `Bearer ${METRICS_TOKEN}`).expect(404);
  });

  it('answer only the bearer of METRICS_TOKEN, not an API key', async () => {
    t = await startTestApp({ METRICS_TOKEN });

    await t.http.get('/metrics').expect(401);
    await t.http.get('/metrics').set('authorization', `Bearer ${METRICS_TOKEN}x`).expect(401);
    await t.http.get('/metrics').set('authorization', METRICS_TOKEN).expect(401);
    await t.http.get('/metrics').set('x-api-key', TEST_API_KEY).expect(401);
    const answer = await scrape(t);
    expect(answer.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
  });

  it('count DingTalk calls by API, app and outcome, token fetches, and inbound requests by route template', async () => {
    t = await startTestApp({ METRICS_TOKEN });
    await sendByApp(t).expect(200);
    await sendByApp(t).expect(200);
    await sendByApp(t, WORLD.outsider).expect(403);
    await t.http.get('/no/such/route/union-alice').expect(404);

    const { text } = await scrape(t);

    const calls = (outcome: string) =>
      sample(text, `dingtalk_calls_total{api="SendByApp",app="default",outcome="${outcome}"}`);
    expect(calls('ok')).toBe(2);
    expect(calls('permissionDenied')).toBe(1);
    expect(
      sample(text, 'dingtalk_call_duration_seconds_count{api="SendByApp",app="default"}'),
    ).toBe(3);
    expect(sample(text, 'dingtalk_token_fetches_total{app="default"}')).toBe(1);
    const route = (status: number) =>
      sample(text, `http_requests_total{route="${PATHS.SendByApp}",status="${status}"}`);
    expect(route(200)).toBe(2);
    expect(route(403)).toBe(1);
    expect(sample(text, 'http_requests_total{route="unmatched",status="404"}')).toBe(1);
    expect(sample(text, 'dingtalk_rate_limit_wait_seconds_count{api="SendByApp"}')).toBe(3);
    expect(sample(text, 'dingtalk_rate_limit_queue_length{api="SendByApp"}')).toBe(0);
    // No id of a request ever becomes a label.
    expect(text).not.toMatch(/union-|space-project|dentry-report/);
    expect(text).toContain('process_cpu_seconds_total');
  });

  it('count retries by API and reason', async () => {
    t = await startTestApp({ METRICS_TOKEN });
    t.sandbox.faults.failNext({ code: 'systemError', status: 500, api: 'GetSpace' });

    await t.http
      .post(`${PATHS.GetSpace}?unionId=${WORLD.member}`)
      .set('x-api-key', TEST_API_KEY)
      .send({ openConversationId: WORLD.group })
      .expect(200);

    const { text } = await scrape(t);
    expect(sample(text, 'dingtalk_retries_total{api="GetSpace",reason="unknownOutcome"}')).toBe(1);
    expect(sample(text, 'dingtalk_calls_total{api="GetSpace",app="default",outcome="ok"}')).toBe(1);
  });

  it('count batch items by the final state they reached', async () => {
    t = await startTestApp({
      METRICS_TOKEN,
      REDIS_URL: SHARED_REDIS_URL,
      REDIS_KEY_PREFIX: keys.nextPrefix(),
    });
    const item = { unionId: WORLD.member, spaceId: WORLD.space, dentryId: WORLD.file };
    const outsider = { ...item, unionId: WORLD.outsider };
    const created = await t.http
      .post('/v1.0/convFile/batches')
      .set('x-api-key', TEST_API_KEY)
      .send({ api: 'SendByApp', items: [item, outsider, item] })
      .expect(202);
    const batchId = (created.body as { batchId: string }).batchId;

    await waitUntil(
      async () =>
        (await t!.http.get(`/v1.0/convFile/batches/${batchId}`).set('x-api-key', TEST_API_KEY)).body
          .finishedAt !== null,
      'the batch to finish',
    );

    const { text } = await scrape(t);
    expect(sample(text, 'dingtalk_batch_items_total{state="sent"}')).toBe(2);
    expect(sample(text, 'dingtalk_batch_items_total{state="failed"}')).toBe(1);
  });

  it('are served without auth on METRICS_PORT, and not on the app port without METRICS_TOKEN', async () => {
    t = await startTestApp({ METRICS_PORT: '0' });
    await sendByApp(t).expect(200);
    const port = t.app.get(MetricsPortServer).address.port;

    const { text } = await request(`http://127.0.0.1:${port}`).get('/metrics').expect(200);
    await request(`http://127.0.0.1:${port}`).get('/other').expect(404);
    await t.http.get('/metrics').expect(404);

    expect(sample(text, 'dingtalk_calls_total{api="SendByApp",app="default",outcome="ok"}')).toBe(
      1,
    );
  });

  it('refuse a METRICS_TOKEN too short to be a secret, naming the variable only', async () => {
    const sandbox = await createDingTalkSandbox({ host: '127.0.0.1', port: 0 });
    try {
      await expect(startTestApp({ METRICS_TOKEN: 'short' }, sandbox)).rejects.toThrow(
        /METRICS_TOKEN must be 16 to 256 characters/,
      );
    } finally {
      await sandbox.close();
    }
  });
});
