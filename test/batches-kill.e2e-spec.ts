import type { TestingModule } from '@nestjs/testing';
import { createDingTalkSandbox, type DingTalkSandbox } from '@nest-dingtalk/sandbox';
import type { ConvFileBatch, ConvFileBatchService } from '@nest-dingtalk/conv-file/batches';
import {
  BATCH_APP,
  batchesOf,
  batchWorld,
  countsSum,
  sendByAppItems,
  startBatchInstance,
} from './support/batch-instance.test-helper';
import { ChildApp } from './support/child-app.process';
import { batchOwnerOf } from '../src/batches/batch-owner.util';
import { TEST_API_KEY } from './support/sample-app.test-helper';
import { SHARED_REDIS_URL, SharedRedisKeys } from './support/shared-redis.test-helper';
import { waitUntil } from './support/wait-until.test-helper';

/** Two start-ups of `npm start`'s command (ts-node) and 300 sends at DingTalk's 20 per second. */
jest.setTimeout(180_000);

const ITEMS = 300;
/** The owner of batches created with the app's one API key. */
const OWNER = { owner: batchOwnerOf(TEST_API_KEY) };
/** Sends take this long, so that some are in flight when the instance is killed. */
const SEND_LATENCY_MS = 300;

describe('an instance killed with SIGKILL in the middle of a batch', () => {
  let sandbox: DingTalkSandbox;
  let observer: TestingModule;
  let children: ChildApp[] = [];
  const keys = new SharedRedisKeys();
  let keyPrefix: string;

  beforeEach(async () => {
    keyPrefix = keys.nextPrefix();
    sandbox = await createDingTalkSandbox({ world: batchWorld(ITEMS) });
    sandbox.faults.setLatency(SEND_LATENCY_MS, 'SendByApp');
    // Reads the batch from Redis, as the app does, without processing anything itself.
    observer = await startBatchInstance(sandbox.url, keyPrefix, { worker: false });
  });

  afterEach(async () => {
    for (const child of children) child.kill();
    children = [];
    await observer.close();
    await sandbox.close();
  });

  afterAll(() => keys.deleteAll());

  /** The sample app as a child process on the sandbox and the shared Redis; resolves with its URL. */
  async function startChild(): Promise<string> {
    const child = new ChildApp({
      PORT: '0',
      HOST: '127.0.0.1',
      DINGTALK_APP_KEY: BATCH_APP.appKey,
      DINGTALK_APP_SECRET: BATCH_APP.appSecret,
      DINGTALK_API_BASE_URL: sandbox.url,
      API_KEYS: TEST_API_KEY,
      REDIS_URL: SHARED_REDIS_URL,
      REDIS_KEY_PREFIX: keyPrefix,
      // Jobs of a killed instance are taken over after 2 s instead of 30.
      BATCH_STALLED_MS: '2000',
    });
    children.push(child);
    return (await child.waitFor(/Listening on (http:\/\/127\.0\.0\.1:\d+)/))[1];
  }

  async function indicesIn(
    service: ConvFileBatchService,
    batchId: string,
    state: 'running' | 'unknown',
  ) {
    const page = await service.items(batchId, { state, limit: 1000 }, OWNER);
    return page.items.map((item) => item.index);
  }

  it('loses nothing, sends nothing twice, and ends unknown only items in flight at the kill', async () => {
    const url = await startChild();
    const created = await fetch(`${url}/v1.0/convFile/batches`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': TEST_API_KEY },
      body: JSON.stringify({ api: 'SendByApp', items: sendByAppItems(ITEMS) }),
    });
    expect(created.status).toBe(202);
    const { batchId } = (await created.json()) as { batchId: string };
    const batches = batchesOf(observer);

    await waitUntil(
      async () => {
        const { counts } = await batches.get(batchId, OWNER);
        return counts.sent >= 60 && counts.running > 0;
      },
      'a third of the batch sent, with sends in flight',
      60_000,
    );
    children[0].signal('SIGKILL');
    await children[0].exited;
    // Nothing else processes the batch now: what is running was in flight at the kill.
    const inFlight = await indicesIn(batches, batchId, 'running');
    const atKill = await batches.get(batchId, OWNER);
    expect(atKill.counts.queued).toBeGreaterThan(0);

    await startChild();
    let done: ConvFileBatch | undefined;
    await waitUntil(
      async () => {
        done = await batches.get(batchId, OWNER);
        return done.finishedAt !== null;
      },
      'the restarted instance to finish the batch',
      120_000,
    );

    expect(done!.status).toBe('done');
    expect(countsSum(done!)).toBe(ITEMS);
    expect(done!.counts).toMatchObject({ queued: 0, running: 0, failed: 0, cancelled: 0 });
    const unknown = await indicesIn(batches, batchId, 'unknown');
    expect(unknown.length).toBeLessThanOrEqual(inFlight.length);
    expect(inFlight).toEqual(expect.arrayContaining(unknown));
    const deliveries = sandbox.deliveries();
    const pairs = deliveries.map((delivery) => `${delivery.unionId}/${delivery.dentryId}`);
    expect(new Set(pairs).size).toBe(pairs.length);
    expect(deliveries.length).toBeGreaterThanOrEqual(done!.counts.sent);
    expect(deliveries.length).toBeLessThanOrEqual(done!.counts.sent + done!.counts.unknown);
  });
});
