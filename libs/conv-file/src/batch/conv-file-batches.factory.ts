import type { Provider } from '@nestjs/common';
import type { RedisClientType } from '@redis/client';
import { DingTalkCallOrchestrator } from '../call/dingtalk-call.orchestrator';
import { DingTalkCallTargets } from '../call/dingtalk-call.targets';
import type { ConvFileBatchOptions } from '../options/conv-file-batch-options.interface';
import {
  resolveConvFileBatchOptions,
  type ResolvedConvFileBatchOptions,
} from '../options/conv-file-batch-options.resolver';
import type { ConvFileBatches } from '../options/conv-file-module-extras.interface';
import type { ResolvedConvFileOptions } from '../options/conv-file-options.resolver';
import { CONV_FILE_OPTIONS } from '../options/inject-conv-file-options.decorator';
import { loadRedisClient } from '../redis/dingtalk-redis.connection';
import { endRedisClient } from '../redis/redis-client.closer';
import { redisClientOptions } from '../redis/redis-client.options';
import { ConvFileTelemetry } from '../telemetry/conv-file.telemetry';
import { BatchItemProcessor, type BatchJobData } from './batch-item.processor';
import { BatchRedisStore } from './batch-redis.store';
import { BATCH_QUEUE_NAME, BatchQueue } from './batch.queue';
import { BatchWorker, type BatchWorkerFactory } from './batch.worker';
import { loadBullMq } from './bullmq.loader';
import { ConvFileBatchService } from './conv-file-batch.service';
import { QueuedConvFileBatchService } from './queued-conv-file-batch.service';

/** A job stalled this often is given up by BullMQ; a taken-over job ends its item at once. */
const MAX_STALLED_COUNT = 100;

/** The packages and settings every batch provider is built from, loaded once. */
interface BatchRuntime {
  bullmq: typeof import('bullmq');
  /** A new connection to the module's Redis, not yet connected. */
  connect(options: { failFast: boolean }): RedisClientType;
  keyPrefix: string;
  options: ResolvedConvFileBatchOptions;
}

const BATCH_RUNTIME = Symbol('ConvFileBatchRuntime');

/**
 * Durable bulk sends, for `ConvFileModule`'s `batches` extra: makes {@link ConvFileBatchService}
 * injectable and processes batches in this instance. Needs the module's `redis` option and the
 * package `bullmq` (loaded only here).
 *
 * ```ts
 * ConvFileModule.forRoot({ appKey, appSecret, redis: { url }, batches: convFileBatches({ concurrency: 20 }) })
 * ```
 */
export function convFileBatches(options: ConvFileBatchOptions = {}): ConvFileBatches {
  const providers: Provider[] = [
    {
      provide: BATCH_RUNTIME,
      inject: [CONV_FILE_OPTIONS],
      useFactory: async ({ redis }: ResolvedConvFileOptions): Promise<BatchRuntime> => {
        const resolved = resolveConvFileBatchOptions(options, redis !== undefined);
        const [bullmq, { createClient }] = await Promise.all([loadBullMq(), loadRedisClient()]);
        const { url, keyPrefix } = redis!;
        return {
          bullmq,
          keyPrefix,
          options: resolved,
          connect: ({ failFast }) => createClient(redisClientOptions(url, failFast)),
        };
      },
    },
    {
      provide: BatchRedisStore,
      inject: [BATCH_RUNTIME],
      useFactory: (runtime: BatchRuntime) =>
        new BatchRedisStore(runtime.connect({ failFast: true }), runtime.keyPrefix),
    },
    {
      provide: BatchQueue,
      inject: [BATCH_RUNTIME],
      useFactory: (runtime: BatchRuntime) =>
        new BatchQueue(() => {
          const { client, disconnect } = bullMqConnection(runtime);
          const queue = new runtime.bullmq.Queue<BatchJobData>(BATCH_QUEUE_NAME, {
            connection: client,
            prefix: `${runtime.keyPrefix}bull`,
          });
          return { instance: queue, disconnect };
        }, runtime.options),
    },
    {
      provide: BatchItemProcessor,
      inject: [
        BatchRedisStore,
        DingTalkCallOrchestrator,
        DingTalkCallTargets,
        BATCH_RUNTIME,
        ConvFileTelemetry,
      ],
      useFactory: (
        store: BatchRedisStore,
        calls: DingTalkCallOrchestrator,
        targets: DingTalkCallTargets,
        runtime: BatchRuntime,
        telemetry: ConvFileTelemetry,
      ) => new BatchItemProcessor(store, calls, targets, runtime.options, telemetry),
    },
    {
      provide: BatchWorker,
      inject: [BATCH_RUNTIME, BatchItemProcessor],
      useFactory: (runtime: BatchRuntime, processor: BatchItemProcessor) =>
        new BatchWorker(workerFactory(runtime), processor, runtime.options),
    },
    {
      provide: ConvFileBatchService,
      inject: [BatchRedisStore, BatchQueue, DingTalkCallTargets, BATCH_RUNTIME, ConvFileTelemetry],
      useFactory: (
        store: BatchRedisStore,
        queue: BatchQueue,
        targets: DingTalkCallTargets,
        runtime: BatchRuntime,
        telemetry: ConvFileTelemetry,
      ) => new QueuedConvFileBatchService(store, queue, targets, runtime.options, telemetry),
    },
  ];
  return { providers, exports: [ConvFileBatchService] };
}

/**
 * The worker's BullMQ settings: its lock and stall check follow `stalledAfterMs`; it does not run
 * until its connections are set up (BatchWorker starts it).
 */
function workerFactory(runtime: BatchRuntime): BatchWorkerFactory {
  return {
    create: (process) => {
      const { client, disconnect } = bullMqConnection(runtime);
      const { concurrency, stalledAfterMs } = runtime.options;
      const worker = new runtime.bullmq.Worker(BATCH_QUEUE_NAME, process, {
        connection: client,
        prefix: `${runtime.keyPrefix}bull`,
        autorun: false,
        concurrency,
        lockDuration: stalledAfterMs,
        stalledInterval: stalledAfterMs,
        maxStalledCount: MAX_STALLED_COUNT,
      });
      return { instance: worker, disconnect };
    },
  };
}

/**
 * A connection for a BullMQ queue or worker, and how to end it with every copy BullMQ makes of it
 * (a worker's blocking connection): BullMQ leaves a given connection open, and a worker whose
 * close timed out has not ended its copy.
 */
function bullMqConnection(runtime: BatchRuntime): {
  client: RedisClientType;
  disconnect: () => void;
} {
  const client = runtime.connect({ failFast: false });
  client.on('error', () => undefined);
  const made = [client];
  const duplicate = client.duplicate.bind(client);
  client.duplicate = ((...args: Parameters<typeof duplicate>) => {
    const copy = duplicate(...args);
    made.push(copy as unknown as RedisClientType);
    return copy;
  }) as typeof client.duplicate;
  return { client, disconnect: () => made.splice(0).forEach(endRedisClient) };
}
