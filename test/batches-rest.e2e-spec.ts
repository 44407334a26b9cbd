import { createClient } from '@redis/client';
import { createDingTalkSandbox, type DingTalkSandbox } from '@nest-dingtalk/sandbox';
import {
  BATCH_APP,
  BATCH_FILE,
  BATCH_SPACE,
  batchWorld,
  recipient,
  sendByAppItems,
} from './support/batch-instance.test-helper';
import {
  OTHER_API_KEY,
  startTestApp,
  TEST_API_KEY,
  type TestApp,
} from './support/sample-app.test-helper';
import { SHARED_REDIS_URL, SharedRedisKeys } from './support/shared-redis.test-helper';
import { waitUntil } from './support/wait-until.test-helper';

jest.setTimeout(60_000);

const BATCHES = '/v1.0/convFile/batches';
const POLICY_KEY = 'policy-key-0123456789abcdef';

describe('the batch routes of the sample app (REDIS_URL set)', () => {
  let sandbox: DingTalkSandbox;
  let t: TestApp;
  const keys = new SharedRedisKeys();
  let keyPrefix: string;

  beforeAll(async () => {
    sandbox = await createDingTalkSandbox({ world: batchWorld(200) });
  });
  afterAll(async () => {
    await sandbox.close();
    await keys.deleteAll();
  });

  beforeEach(async () => {
    keyPrefix = keys.nextPrefix();
    sandbox.reset();
    sandbox.faults.clear();
    t = await startTestApp(
      {
        DINGTALK_APP_KEY: BATCH_APP.appKey,
        DINGTALK_APP_SECRET: BATCH_APP.appSecret,
        API_KEYS: [TEST_API_KEY, OTHER_API_KEY, POLICY_KEY].join(','),
        API_KEY_POLICIES: `${POLICY_KEY}:${recipient(0)}|${recipient(1)}`,
        REDIS_URL: SHARED_REDIS_URL,
        REDIS_KEY_PREFIX: keyPrefix,
      },
      sandbox,
    );
  });
  afterEach(() => t.close());

  const create = (body: object, key = TEST_API_KEY, idempotencyKey?: string) => {
    const call = t.http.post(BATCHES).set('x-api-key', key).send(body);
    return idempotencyKey === undefined ? call : call.set('idempotency-key', idempotencyKey);
  };
  const status = (batchId: string, key = TEST_API_KEY) =>
    t.http.get(`${BATCHES}/${batchId}`).set('x-api-key', key);

  async function finished(batchId: string): Promise<Record<string, any>> {
    let body: Record<string, any> = {};
    await waitUntil(
      async () => {
        body = (await status(batchId).expect(200)).body as Record<string, any>;
        return body.finishedAt !== null;
      },
      'the batch to finish',
      30_000,
    );
    return body;
  }

  /** Keys of batches under this test's prefix (not BullMQ's). */
  async function batchKeys(): Promise<string[]> {
    const inspector = createClient({ url: SHARED_REDIS_URL });
    await inspector.connect();
    try {
      return await inspector.keys(`${keyPrefix}batch*`);
    } finally {
      inspector.destroy();
    }
  }

  it('queues a batch (202), processes it, and reports status, counts and items', async () => {
    const created = await create({ api: 'SendByApp', items: sendByAppItems(30) }).expect(202);

    expect(created.body).toEqual({
      batchId: expect.stringMatching(/^[0-9a-f-]{36}$/),
      api: 'SendByApp',
      status: expect.stringMatching(/^(queued|running)$/),
      total: 30,
    });
    const done = await finished(created.body.batchId as string);
    expect(done).toMatchObject({
      status: 'done',
      total: 30,
      counts: { queued: 0, running: 0, sent: 30, failed: 0, unknown: 0, cancelled: 0 },
      createdAt: expect.any(String),
      finishedAt: expect.any(String),
    });
    expect(sandbox.deliveries()).toHaveLength(30);

    const page = await t.http
      .get(`${BATCHES}/${created.body.batchId}/items?state=sent&limit=20`)
      .set('x-api-key', TEST_API_KEY)
      .expect(200);
    expect(page.body.items).toHaveLength(20);
    expect(page.body.items[0]).toMatchObject({
      index: 0,
      state: 'sent',
      input: { unionId: recipient(0), spaceId: BATCH_SPACE, dentryId: BATCH_FILE },
      result: { file: expect.objectContaining({ name: 'payslip.pdf' }) },
    });
    const next = await t.http
      .get(
        `${BATCHES}/${created.body.batchId}/items?state=sent&limit=20&cursor=${page.body.nextCursor}`,
      )
      .set('x-api-key', TEST_API_KEY)
      .expect(200);
    expect(next.body.items.map((item: { index: number }) => item.index)).toEqual(
      Array.from({ length: 10 }, (_, i) => 20 + i),
    );
    expect(next.body.nextCursor).toBeNull();
  });

  it('shows a batch only to the API key that created it', async () => {
    const created = await create({ api: 'SendByApp', items: sendByAppItems(1) }).expect(202);
    const id = created.body.batchId as string;

    for (const request of [
      status(id, OTHER_API_KEY),
      t.http.get(`${BATCHES}/${id}/items`).set('x-api-key', OTHER_API_KEY),
      t.http.delete(`${BATCHES}/${id}`).set('x-api-key', OTHER_API_KEY),
    ]) {
      const answer = await request.expect(404);
      expect(answer.body.code).toBe('batchNotFound');
    }
    await t.http.get(`${BATCHES}/${id}`).expect(401);
  });

  it('answers the same batch for a repeated Idempotency-Key, and 409 for another body', async () => {
    const body = { api: 'SendByApp', items: sendByAppItems(3) };
    const first = await create(body, TEST_API_KEY, 'payslips-2026-11').expect(202);
    const again = await create(body, TEST_API_KEY, 'payslips-2026-11').expect(202);
    const other = await create(
      { api: 'SendByApp', items: sendByAppItems(3, 3) },
      TEST_API_KEY,
      'payslips-2026-11',
    ).expect(409);
    // Keys are per API key: another caller's key of the same name is its own.
    const otherCaller = await create(body, OTHER_API_KEY, 'payslips-2026-11').expect(202);

    expect(again.body.batchId).toBe(first.body.batchId);
    expect(other.body.code).toBe('idempotencyKeyReused');
    expect(otherCaller.body.batchId).not.toBe(first.body.batchId);
    await finished(first.body.batchId as string);
    await waitUntil(() => sandbox.deliveries().length === 6, 'both batches to be delivered');
  });

  it('refuses a batch with one bad item, naming its index and field, and queues nothing', async () => {
    const items = sendByAppItems(5);
    items[3] = { ...items[3], spaceId: ' ' };

    const answer = await create({ api: 'SendByApp', items }).expect(400);

    expect(answer.body).toMatchObject({
      code: 'paramError',
      details: [{ field: 'items[3].spaceId', rule: 'isNotBlank' }],
    });
    expect(answer.body.message).toContain('item 3');
    expect(await batchKeys()).toEqual([]);
    expect(sandbox.deliveries()).toHaveLength(0);
  });

  it.each([
    ['more than 10,000 items', { api: 'SendByApp', items: sendByAppItems(10_001) }, 'items'],
    ['no items', { api: 'SendByApp', items: [] }, 'items'],
    ['an API that is not a send', { api: 'GetSpace', items: sendByAppItems(1) }, 'api'],
    ['an unknown field', { api: 'SendByApp', items: sendByAppItems(1), extra: 1 }, 'extra'],
    [
      'an item with a field of another API',
      { api: 'SendByApp', items: [{ ...sendByAppItems(1)[0], openConversationId: 'cid' }] },
      'items[0].openConversationId',
    ],
  ])('refuses %s with 400, naming the field', async (_case, body, field) => {
    const answer = await create(body).expect(400);

    expect(answer.body.details).toEqual([expect.objectContaining({ field })]);
    expect(await batchKeys()).toEqual([]);
  });

  it("checks the key's unionId policy on every item", async () => {
    const allowed = await create({ api: 'SendByApp', items: sendByAppItems(2) }, POLICY_KEY);
    const refused = await create({ api: 'SendByApp', items: sendByAppItems(3) }, POLICY_KEY);

    expect(allowed.status).toBe(202);
    expect(refused.status).toBe(403);
    expect(refused.body).toEqual({
      code: 'forbidden',
      message: 'This API key may not act for the unionId of item 2',
      requestid: expect.any(String),
    });
  });

  it("ends each item by its outcome: sent, failed with DingTalk's code, unknown when the answer was lost", async () => {
    sandbox.faults.dropNext({ when: 'after', api: 'SendByApp' });
    const items = [
      ...sendByAppItems(2),
      { unionId: recipient(2), spaceId: BATCH_SPACE, dentryId: 'no-such-file' },
    ];

    const created = await create({ api: 'SendByApp', items }).expect(202);
    const done = await finished(created.body.batchId as string);

    expect(done.counts).toEqual({
      queued: 0,
      running: 0,
      sent: 1,
      failed: 1,
      unknown: 1,
      cancelled: 0,
    });
    const listed = await t.http
      .get(`${BATCHES}/${created.body.batchId}/items`)
      .set('x-api-key', TEST_API_KEY)
      .expect(200);
    const byState = Object.fromEntries(
      (listed.body.items as Array<{ state: string; error?: { message: string } }>).map((item) => [
        item.state,
        item,
      ]),
    );
    expect(byState.failed).toMatchObject({ index: 2, error: { code: 'dentryNotExist' } });
    expect(byState.unknown).toMatchObject({ error: { code: 'upstreamUnavailable' } });
    expect(byState.unknown.error?.message).toContain('may or may not have been delivered');
    // The lost answer's file was delivered once, and never sent again.
    expect(sandbox.deliveries()).toHaveLength(2);
  });

  it('retries an item DingTalk throttled, and sends it once', async () => {
    await t.close();
    t = await startTestApp(
      {
        DINGTALK_APP_KEY: BATCH_APP.appKey,
        DINGTALK_APP_SECRET: BATCH_APP.appSecret,
        API_KEYS: TEST_API_KEY,
        REDIS_URL: SHARED_REDIS_URL,
        REDIS_KEY_PREFIX: keyPrefix,
        DINGTALK_RETRY_MAX: '0',
      },
      sandbox,
    );
    sandbox.faults.failNext({
      code: 'Forbidden.AccessDenied.QpsLimitForAppkeyAndApi',
      status: 403,
      api: 'SendByApp',
    });

    const created = await create({ api: 'SendByApp', items: sendByAppItems(1) }).expect(202);
    const done = await finished(created.body.batchId as string);

    expect(done.counts.sent).toBe(1);
    expect(sandbox.stats().requests.SendByApp).toBe(2);
    expect(sandbox.deliveries()).toHaveLength(1);
  });

  it('cancels the items not yet started; the counts still add up', async () => {
    sandbox.faults.setLatency(200, 'SendByApp');
    const created = await create({ api: 'SendByApp', items: sendByAppItems(200) }).expect(202);
    const id = created.body.batchId as string;
    await waitUntil(async () => (await status(id)).body.counts.sent > 0, 'a first item sent');

    const cancelled = await t.http
      .delete(`${BATCHES}/${id}`)
      .set('x-api-key', TEST_API_KEY)
      .expect(200);

    expect(cancelled.body.status).toBe('cancelled');
    expect(cancelled.body.counts.cancelled).toBeGreaterThan(100);
    const sum = (counts: Record<string, number>) =>
      Object.values(counts).reduce((total, count) => total + count, 0);
    expect(sum(cancelled.body.counts as Record<string, number>)).toBe(200);
    const done = await finished(id);
    expect(done.status).toBe('cancelled');
    expect(done.counts.queued + done.counts.running).toBe(0);
    expect(sandbox.deliveries()).toHaveLength(done.counts.sent as number);
  });
});

describe('the batch routes without Redis', () => {
  it('answer 503, naming REDIS_URL', async () => {
    const t = await startTestApp();
    try {
      const answer = await t.http
        .post(BATCHES)
        .set('x-api-key', TEST_API_KEY)
        .send({ api: 'SendByApp', items: sendByAppItems(1) })
        .expect(503);
      expect(answer.body.code).toBe('batchesUnavailable');
      expect(answer.body.message).toContain('REDIS_URL');
      await t.http.get(`${BATCHES}/x`).set('x-api-key', TEST_API_KEY).expect(503);
    } finally {
      await t.close();
    }
  });
});

describe('batch ownership across restarts', () => {
  const keys = new SharedRedisKeys();
  afterAll(() => keys.deleteAll());

  it('stays with the API key itself: a key removed from API_KEYS does not pass its batches to the key that takes its place', async () => {
    const sandbox = await createDingTalkSandbox({ world: batchWorld(2) });
    const env = (apiKeys: string[], keyPrefix: string) => ({
      DINGTALK_APP_KEY: BATCH_APP.appKey,
      DINGTALK_APP_SECRET: BATCH_APP.appSecret,
      API_KEYS: apiKeys.join(','),
      REDIS_URL: SHARED_REDIS_URL,
      REDIS_KEY_PREFIX: keyPrefix,
    });
    const prefix = keys.nextPrefix();
    const create = async (t: TestApp, key: string) =>
      (
        await t.http
          .post(BATCHES)
          .set('x-api-key', key)
          .send({ api: 'SendByApp', items: sendByAppItems(1) })
          .expect(202)
      ).body.batchId as string;
    try {
      // TEST_API_KEY is key-1 and OTHER_API_KEY key-2; then TEST_API_KEY is removed.
      const before = await startTestApp(env([TEST_API_KEY, OTHER_API_KEY], prefix), sandbox);
      const removedKeys = await create(before, TEST_API_KEY);
      const othersOwn = await create(before, OTHER_API_KEY);
      await before.close();

      const after = await startTestApp(env([OTHER_API_KEY], prefix), sandbox);
      try {
        await after.http
          .get(`${BATCHES}/${removedKeys}`)
          .set('x-api-key', OTHER_API_KEY)
          .expect(404);
        await after.http.get(`${BATCHES}/${othersOwn}`).set('x-api-key', OTHER_API_KEY).expect(200);
      } finally {
        await after.close();
      }
    } finally {
      await sandbox.close();
    }
  });
});
