import { Inject, Injectable, type Provider } from '@nestjs/common';
import { Test, type TestingModule } from '@nestjs/testing';
import { createClient, type RedisClientType } from '@redis/client';
import { Queue, type Worker } from 'bullmq';
import { FakeDingTalk, TOKEN_PATH } from '../../testing/fake-dingtalk.server';
import { RedisRelay } from '../../testing/redis-relay.test-helper';
import { SHARED_REDIS_URL, SharedRedisKeys } from '../../testing/shared-redis.test-helper';
import { ConvFileModule } from '../conv-file.module';
import { ConvFileService } from '../conv-file.service';
import { ConvFileErrorCodes } from '../errors/dingtalk-error.codes';
import type { ConvFileBatchOptions } from '../options/conv-file-batch-options.interface';
import { BatchRedisStore } from './batch-redis.store';
import { BATCH_QUEUE_NAME } from './batch.queue';
import { BatchWorker } from './batch.worker';
import { ConvFileBatchService } from './conv-file-batch.service';
import { convFileBatches } from './conv-file-batches.factory';
import { QueuedConvFileBatchService } from './queued-conv-file-batch.service';

const SEND_BY_APP = '/v1.0/convFile/apps/conversations/files/send';
const items = (count: number) =>
  Array.from({ length: count }, (_, i) => ({ unionId: `u${i}`, spaceId: 's', dentryId: 'd' }));

describe('convFileBatches (ConvFileModule with batches, on the shared Redis)', () => {
  const keys = new SharedRedisKeys();
  let fake: FakeDingTalk;
  let inspector: RedisClientType;
  let moduleRef: TestingModule | undefined;
  let keyPrefix: string;
  let ended: string[];
  let onEnded: () => void;

  beforeAll(async () => {
    fake = await FakeDingTalk.start();
    inspector = createClient({ url: SHARED_REDIS_URL });
    await inspector.connect();
  });
  afterAll(async () => {
    inspector.destroy();
    await fake.close();
    await keys.deleteAll();
  });
  beforeEach(() => {
    keyPrefix = keys.nextPrefix();
    ended = [];
    onEnded = () => undefined;
  });
  afterEach(async () => {
    await moduleRef?.close();
    moduleRef = undefined;
  });

  /** The module with `batches`, imported by a module that has `providers`. */
  async function start(
    batches: ConvFileBatchOptions,
    providers: Provider[] = [],
    url = SHARED_REDIS_URL,
  ): Promise<TestingModule> {
    moduleRef = await Test.createTestingModule({
      providers,
      imports: [
        ConvFileModule.forRoot({
          appKey: 'batch-app',
          appSecret: 'secret',
          baseUrl: fake.url,
          rateLimit: false,
          tokenStore: 'memory',
          redis: { url, keyPrefix },
          observer: {
            batchItemEnded: ({ state }) => {
              ended.push(state);
              onEnded();
            },
          },
          batches: convFileBatches(batches),
        }),
      ],
    }).compile();
    moduleRef.enableShutdownHooks();
    await moduleRef.init();
    return moduleRef;
  }

  /** The BullMQ queue of the batches, as another client sees it. */
  async function inspectQueue<T>(read: (queue: Queue) => Promise<T>): Promise<T> {
    const connection = createClient({ url: SHARED_REDIS_URL });
    const queue = new Queue(BATCH_QUEUE_NAME, { connection, prefix: `${keyPrefix}bull` });
    try {
      return await read(queue);
    } finally {
      await queue.close();
      connection.destroy();
    }
  }

  it('exports ConvFileBatchService, backed by Redis under redis.keyPrefix', async () => {
    const service = (await start({ worker: false })).get(ConvFileBatchService);

    const batch = await service.create({ api: 'SendByApp', items: items(2) });

    expect(service).toBeInstanceOf(QueuedConvFileBatchService);
    expect(batch).toMatchObject({ status: 'queued', total: 2 });
    expect(await inspector.hGet(`${keyPrefix}batch:{${batch.batchId}}:meta`, 'total')).toBe('2');
  });

  it('queues one job per item on the queue conv-file-batches under <keyPrefix>bull, with the batch options', async () => {
    const service = (await start({ worker: false, maxAttempts: 3, retryDelayMs: 1234 })).get(
      ConvFileBatchService,
    );

    const { batchId } = await service.create({ api: 'SendByApp', items: items(2) });

    const jobs = await inspectQueue((queue) => queue.getJobs(['wait']));
    expect(jobs.map((job) => job.id).sort()).toEqual([`${batchId}-0`, `${batchId}-1`]);
    for (const job of jobs) {
      expect(job.data).toEqual({ batchId, index: Number(job.id!.split('-').pop()) });
      expect(job.opts).toMatchObject({
        attempts: 4,
        backoff: { type: 'exponential', delay: 1234 },
      });
    }
  });

  it("processes the queued items in this instance by default, sending each as the module's app", async () => {
    const service = (await start({})).get(ConvFileBatchService);
    const allEnded = new Promise<void>((resolve) => {
      onEnded = () => {
        if (ended.length === 3) resolve();
      };
    });

    const { batchId } = await service.create({ api: 'SendByApp', items: items(3) });
    await allEnded;

    expect(ended).toEqual(['sent', 'sent', 'sent']);
    const sent = fake.requestsTo(SEND_BY_APP).map((request) => request.query.unionId);
    expect(sent.sort()).toEqual(['u0', 'u1', 'u2']);
    expect(fake.requestsTo(TOKEN_PATH)[0].body).toMatchObject({ appKey: 'batch-app' });
    expect(await service.get(batchId)).toMatchObject({
      status: 'done',
      counts: { sent: 3, queued: 0, running: 0 },
    });
  });

  it("sets the worker up on the module's queue, with concurrency, a lock and stall check of stalledAfterMs, and 100 stalls allowed", async () => {
    const worker = (await start({ concurrency: 7, stalledAfterMs: 4321 })).get(BatchWorker);
    const bullWorker = worker['supervisor'].current as Worker;

    expect(bullWorker.name).toBe(BATCH_QUEUE_NAME);
    expect(bullWorker.opts).toMatchObject({
      prefix: `${keyPrefix}bull`,
      autorun: false,
      concurrency: 7,
      lockDuration: 4321,
      stalledInterval: 4321,
      maxStalledCount: 100,
    });
  });

  it("exports ConvFileBatchService beside the module's own exports, to the module that imports it", async () => {
    @Injectable()
    class BatchSender {
      constructor(
        @Inject(ConvFileService) readonly files: ConvFileService,
        @Inject(ConvFileBatchService) readonly batches: ConvFileBatchService,
      ) {}
    }

    const sender = (await start({ worker: false }, [BatchSender])).get(BatchSender);

    expect(sender.files).toBeInstanceOf(ConvFileService);
    expect(sender.batches).toBeInstanceOf(QueuedConvFileBatchService);
  });

  it("connects the store to redis.url with no offline queue, and BullMQ's connections with one", async () => {
    const url = SHARED_REDIS_URL;
    const moduleRef = await start({ concurrency: 1 });
    const store = moduleRef.get(BatchRedisStore)['client'];
    const bullWorker = moduleRef.get(BatchWorker)['supervisor'].current as Worker;
    const bullConnection = bullWorker.opts.connection as unknown as RedisClientType;

    expect(store.options).toMatchObject({ url, disableOfflineQueue: true });
    expect(bullConnection.options).toMatchObject({ url, disableOfflineQueue: false });
    for (const { socket } of [store.options, bullConnection.options]) {
      const reconnect = socket!.reconnectStrategy as (retries: number) => number;
      expect(socket).toMatchObject({ connectTimeout: 2000 });
      expect([0, 20].map(reconnect)).toEqual([100, 2000]);
    }
  });

  it('answers batchesUnavailable while Redis is down (the connection refuses commands; the no-offline-queue setting is pinned above)', async () => {
    const relay = await RedisRelay.start();
    try {
      const service = (await start({ worker: false }, [], relay.url)).get(ConvFileBatchService);
      relay.cut();

      await expect(service.create({ api: 'SendByApp', items: items(1) })).rejects.toMatchObject({
        code: ConvFileErrorCodes.batchesUnavailable,
      });
    } finally {
      await relay.close();
    }
  });

  it('makes no worker when options.worker is false', async () => {
    const worker = (await start({ worker: false })).get(BatchWorker);

    expect(worker['supervisor'].current).toBeUndefined();
  });

  it('refuses batches without the redis option when the module starts, saying they live in Redis', async () => {
    const compiling = Test.createTestingModule({
      imports: [
        ConvFileModule.forRoot({
          appKey: 'batch-app',
          appSecret: 'secret',
          baseUrl: fake.url,
          batches: convFileBatches({}),
        }),
      ],
    }).compile();

    await expect(compiling).rejects.toThrow('batches needs the redis option');
  });

  it('refuses batch options out of bounds when the module starts', async () => {
    await expect(start({ concurrency: 0 })).rejects.toThrow('batches.concurrency');
  });
});
