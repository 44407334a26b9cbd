/**
 * One instance of an app with batches, in a process of its own so that the bench can kill it
 * with SIGKILL: started by `bench.ts` with `BENCH_BASE_URL`, `BENCH_REDIS_URL`,
 * `BENCH_KEY_PREFIX`, `BENCH_RATE` and `BENCH_CONCURRENCY`; prints `ready` once it processes
 * batches, and closes (gracefully) when its parent closes stdin.
 */
import { NestFactory } from '@nestjs/core';
import { ConvFileModule } from '@nest-dingtalk/conv-file';
import { convFileBatches } from '@nest-dingtalk/conv-file/batches';
import { BENCH_APP } from './bench-world';

async function main(): Promise<void> {
  const env = process.env;
  const app = await NestFactory.createApplicationContext(
    ConvFileModule.forRoot({
      ...BENCH_APP,
      baseUrl: env.BENCH_BASE_URL,
      redis: { url: env.BENCH_REDIS_URL ?? '', keyPrefix: env.BENCH_KEY_PREFIX },
      rateLimit: { perSecond: Number(env.BENCH_RATE) },
      batches: convFileBatches({
        concurrency: Number(env.BENCH_CONCURRENCY),
        stalledAfterMs: 2000,
      }),
    }),
    { logger: ['error'] },
  );
  await app.init();
  process.stdout.write('ready\n');
  process.stdin.resume();
  process.stdin.once('end', () => void app.close().then(() => process.exit(0)));
}

void main();
