import { Test, type TestingModule } from '@nestjs/testing';
import { ConvFileModule, type ConvFileModuleOptions } from '@nest-dingtalk/conv-file';
import {
  ConvFileBatchService,
  convFileBatches,
  type ConvFileBatch,
  type ConvFileBatchOptions,
} from '@nest-dingtalk/conv-file/batches';
import type { SandboxWorldInit } from '@nest-dingtalk/sandbox';
import { SHARED_REDIS_URL } from './shared-redis.test-helper';
import { waitUntil } from './wait-until.test-helper';

export const BATCH_APP = { appKey: 'batch-app-key', appSecret: 'batch-app-secret' };
export const BATCH_SPACE = 'batch-space';
export const BATCH_FILE = 'batch-file';
export const recipient = (i: number) => `batch-user-${i}`;

/** One app, `users` recipients who may read one space holding one file. */
export function batchWorld(users: number): SandboxWorldInit {
  const corpId = 'batch-corp';
  const unionIds = Array.from({ length: users }, (_, i) => recipient(i));
  return {
    apps: [{ ...BATCH_APP, corpId, scopes: ['ConvFile.File.Send', 'ConvFile.Space.Read'] }],
    users: unionIds.map((unionId) => ({ unionId, corpId })),
    spaces: [
      {
        spaceId: BATCH_SPACE,
        corpId,
        createTime: '2026-01-01T00:00:00Z',
        readers: unionIds,
        dentries: [
          {
            id: BATCH_FILE,
            type: 'FILE',
            name: 'payslip.pdf',
            size: 1024,
            creatorId: recipient(0),
            createTime: '2026-01-01T00:00:00Z',
          },
        ],
      },
    ],
  };
}

/** SendByApp items to recipients `from` … `from + count - 1`. */
export function sendByAppItems(count: number, from = 0) {
  return Array.from({ length: count }, (_, i) => ({
    unionId: recipient(from + i),
    spaceId: BATCH_SPACE,
    dentryId: BATCH_FILE,
  }));
}

/** One instance of an app with batches, on the shared Redis under `keyPrefix`. */
export async function startBatchInstance(
  baseUrl: string,
  keyPrefix: string,
  batches: ConvFileBatchOptions = {},
  options: Partial<ConvFileModuleOptions> = {},
): Promise<TestingModule> {
  const moduleRef = await Test.createTestingModule({
    imports: [
      ConvFileModule.forRoot({
        ...BATCH_APP,
        baseUrl,
        redis: { url: SHARED_REDIS_URL, keyPrefix },
        ...options,
        batches: convFileBatches(batches),
      }),
    ],
  }).compile();
  moduleRef.enableShutdownHooks();
  await moduleRef.init();
  return moduleRef;
}

export const batchesOf = (instance: TestingModule) => instance.get(ConvFileBatchService);

/** Waits until no item of the batch is queued or running, and resolves with its status. */
export async function settled(
  service: ConvFileBatchService,
  batchId: string,
  timeoutMs = 20_000,
  owner?: string,
): Promise<ConvFileBatch> {
  let status: ConvFileBatch | undefined;
  await waitUntil(
    async () => {
      status = await service.get(batchId, { owner });
      return status.finishedAt !== null;
    },
    `batch ${batchId} to finish`,
    timeoutMs,
  );
  return status!;
}

/** The sum of the counts, which must be the total. */
export const countsSum = (batch: ConvFileBatch) =>
  Object.values(batch.counts).reduce((sum, count) => sum + count, 0);
