import type { TestingModule } from '@nestjs/testing';
import { createDingTalkSandbox, type DingTalkSandbox } from '@nest-dingtalk/sandbox';
import { ConvFileService } from '@nest-dingtalk/conv-file';
import {
  BATCH_APP,
  batchesOf,
  batchWorld,
  countsSum,
  recipient,
  sendByAppItems,
  settled,
  startBatchInstance,
} from './support/batch-instance.test-helper';
import { addWorld, sendTo, SUITE } from './support/several-apps.world';
import { SharedRedisKeys } from './support/shared-redis.test-helper';
import { waitUntil } from './support/wait-until.test-helper';

jest.setTimeout(60_000);

describe('batches on two instances sharing Redis', () => {
  let sandbox: DingTalkSandbox;
  let instances: TestingModule[] = [];
  const keys = new SharedRedisKeys();
  let keyPrefix: string;

  beforeEach(() => {
    instances = [];
    keyPrefix = keys.nextPrefix();
  });

  afterEach(async () => {
    await Promise.all(instances.map((instance) => instance.close()));
    await sandbox?.close();
  });

  afterAll(() => keys.deleteAll());

  it('sends every item once, across both instances, within the shared rate limit', async () => {
    sandbox = await createDingTalkSandbox({ world: batchWorld(60) });
    instances = await Promise.all([
      startBatchInstance(sandbox.url, keyPrefix),
      startBatchInstance(sandbox.url, keyPrefix),
    ]);

    const created = await batchesOf(instances[0]).create({
      api: 'SendByApp',
      items: sendByAppItems(60),
    });
    const done = await settled(batchesOf(instances[1]), created.batchId);

    expect(done).toMatchObject({ status: 'done', total: 60 });
    expect(done.counts).toEqual({
      queued: 0,
      running: 0,
      sent: 60,
      failed: 0,
      unknown: 0,
      cancelled: 0,
    });
    const recipients = sandbox.deliveries().map((delivery) => delivery.unionId);
    expect(new Set(recipients).size).toBe(60);
    expect(recipients).toHaveLength(60);
    expect(sandbox.stats().throttled).toBe(0);
    expect(countsSum(done)).toBe(done.total);
    const page = await batchesOf(instances[0]).items(created.batchId, { limit: 2 });
    expect(page.items[0]).toMatchObject({
      index: 0,
      state: 'sent',
      input: { unionId: recipient(0) },
    });
    expect(page.items[0].result).toHaveProperty('file');
    expect(page.nextCursor).toBe('2');
  });

  it('paces batches and single calls under one limit: DingTalk throttles nothing', async () => {
    sandbox = await createDingTalkSandbox({ world: batchWorld(100) });
    instances = await Promise.all([
      startBatchInstance(sandbox.url, keyPrefix),
      startBatchInstance(sandbox.url, keyPrefix),
    ]);
    const single = instances[1].get(ConvFileService);

    const created = await batchesOf(instances[0]).create({
      api: 'SendByApp',
      items: sendByAppItems(60),
    });
    const singles = await Promise.all(
      sendByAppItems(40, 60).map((input) => single.sendByApp(input)),
    );
    const done = await settled(batchesOf(instances[0]), created.batchId);

    expect(singles).toHaveLength(40);
    expect(done.counts.sent).toBe(60);
    expect(sandbox.stats().throttled).toBe(0);
    expect(sandbox.stats().maxPerWindow[BATCH_APP.appKey]?.SendByApp).toBeLessThanOrEqual(20);
    expect(sandbox.deliveries()).toHaveLength(100);
  });

  it('an instance that shuts down mid-batch finishes its items in flight; the other sends the rest', async () => {
    sandbox = await createDingTalkSandbox({ world: batchWorld(80) });
    sandbox.faults.setLatency(100, 'SendByApp');
    instances = await Promise.all([
      startBatchInstance(sandbox.url, keyPrefix),
      startBatchInstance(sandbox.url, keyPrefix),
    ]);
    const [leaving, staying] = instances;
    const created = await batchesOf(staying).create({
      api: 'SendByApp',
      items: sendByAppItems(80),
    });
    await waitUntil(
      async () => (await batchesOf(staying).get(created.batchId)).counts.sent >= 20,
      'a quarter of the batch sent',
    );

    await leaving.close();
    instances = [staying];
    const done = await settled(batchesOf(staying), created.batchId);

    expect(done.counts).toEqual({
      queued: 0,
      running: 0,
      sent: 80,
      failed: 0,
      unknown: 0,
      cancelled: 0,
    });
    const recipients = sandbox.deliveries().map((delivery) => delivery.unionId);
    expect(new Set(recipients).size).toBe(80);
    expect(recipients).toHaveLength(80);
  });

  it("sends a third-party app's batch as the customer organization, and refuses one without corpId", async () => {
    sandbox = await createDingTalkSandbox({ rateLimit: false });
    addWorld(sandbox, 'market-ticket');
    instances = [
      await startBatchInstance(
        sandbox.url,
        keyPrefix,
        {},
        {
          appKey: undefined,
          appSecret: undefined,
          apps: {
            east: { appKey: 'app-corp-east', appSecret: 'secret-corp-east' },
            market: { ...SUITE, suiteTicketProvider: () => 'market-ticket' },
          },
          defaultApp: 'east',
        },
      ),
    ];
    const service = batchesOf(instances[0]);

    const market = await service.create({
      api: 'SendByApp',
      app: 'market',
      corpId: 'corp-west',
      items: [sendTo('corp-west')],
    });
    const east = await service.create({ api: 'SendByApp', items: [sendTo('corp-east')] });
    await settled(service, market.batchId);
    await settled(service, east.batchId);

    expect(
      sandbox
        .deliveries()
        .map((d) => `${d.appKey}@${d.corpId}`)
        .sort(),
    ).toEqual(['app-corp-east@corp-east', 'market-suite@corp-west']);
    await expect(
      service.create({ api: 'SendByApp', app: 'market', items: [sendTo('corp-west')] }),
    ).rejects.toMatchObject({ details: [expect.objectContaining({ field: 'corpId' })] });
  });
});
