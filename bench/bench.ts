/**
 * `npm run bench`: prints one table of throughput, goodput and latency figures. A script, not a
 * test: the numbers are read by people (and copied into README's performance section).
 */
import { NestFactory } from '@nestjs/core';
import type { INestApplicationContext } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { HttpService } from '@nestjs/axios';
import axios from 'axios';
import { Agent as HttpAgent } from 'node:http';
import { Agent, request } from 'undici';
import { createApp } from '../src/app.factory';
import {
  ConvFileModule,
  ConvFileService,
  DingTalkTokenService,
  type ConvFileModuleOptions,
} from '@nest-dingtalk/conv-file';
import { ConvFileBatchService, convFileBatches } from '@nest-dingtalk/conv-file/batches';
import {
  createDingTalkSandbox,
  type DingTalkSandbox,
  type SandboxWorldInit,
} from '@nest-dingtalk/sandbox';
import { createClient } from '@redis/client';
import { adapterLoad } from './adapter-load.part';
import { startBenchChild, type BenchChild } from './bench-child.protocol';
import { BENCH_APP, BENCH_FILE, BENCH_SPACE, benchWorld, recipient } from './bench-world';

/* eslint-disable @typescript-eslint/no-require-imports */
const ConvFile = require('@alicloud/dingtalk/conv_file_1_0');
const { Config } = require('@alicloud/openapi-client');
const { RuntimeOptions } = require('@alicloud/tea-util');
/* eslint-enable @typescript-eslint/no-require-imports */

const GOODPUT_CALLS = 600;
const DINGTALK_LIMIT = 20;
const OVERHEAD_CALLS = 3000;
const OVERHEAD_CONCURRENCY = 32;
const OVERHEAD_ROUNDS = 5;
const COLD_CALLS = 1000;
const LATENCY_CALLS = 1000;
const REST_INSTANCES = 2;
const BENCH_API_KEY = 'bench-api-key-0123456789';
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const SEND_BY_APP_PATH = '/v1.0/convFile/apps/conversations/files/send';
const BATCH_ITEMS = 2000;
/** DingTalk's limit raised for the batch part, as an organization may have it raised. */
const BATCH_RATE = 100;
const BATCH_INSTANCES = 2;
/** Items each instance has in flight: enough for both together to fill a second's 100 slots. */
const BATCH_CONCURRENCY = 100;

interface Row {
  measure: string;
  result: string;
  target: string;
}

const rows: Row[] = [];

/** `BENCH_PARTS=1,3` runs only those parts (all by default). */
const parts = new Set(
  (process.env.BENCH_PARTS ?? '1,2,3,4,5,6,7').split(',').map((part) => part.trim()),
);

async function main(): Promise<void> {
  if (parts.has('1')) await goodput();
  if (parts.has('2')) await restGoodput();
  if (parts.has('3')) await overhead();
  if (parts.has('4')) await coldTokenFetches();
  if (parts.has('5')) await restLatency();
  if (parts.has('6')) {
    await batchGoodput(false);
    await batchGoodput(true);
  }
  if (parts.has('7')) rows.push(...(await adapterLoad()));
  printTable();
}

async function startLibrary(
  sandbox: Pick<DingTalkSandbox, 'url'>,
  options: Partial<ConvFileModuleOptions> = {},
): Promise<INestApplicationContext> {
  return NestFactory.createApplicationContext(
    ConvFileModule.forRoot({ ...BENCH_APP, baseUrl: sandbox.url, ...options }),
    { logger: false },
  );
}

/** 1. 600 sends through ConvFileService against DingTalk's 20/s limit. */
async function goodput(): Promise<void> {
  const sandbox = await createDingTalkSandbox({
    world: benchWorld(GOODPUT_CALLS),
    rateLimit: { limit: DINGTALK_LIMIT },
  });
  const app = await startLibrary(sandbox);
  const service = app.get(ConvFileService);
  const started = performance.now();
  const results = await Promise.allSettled(
    Array.from({ length: GOODPUT_CALLS }, (_, i) =>
      service.sendByApp({ unionId: recipient(i), spaceId: BENCH_SPACE, dentryId: BENCH_FILE }),
    ),
  );
  const elapsedS = (performance.now() - started) / 1000;
  const idealS = GOODPUT_CALLS / DINGTALK_LIMIT;
  const failures = results.filter((result) => result.status === 'rejected').length;
  const deliveries = sandbox.deliveries();
  const duplicates =
    deliveries.length - new Set(deliveries.map((delivery) => delivery.unionId)).size;
  const stats = sandbox.stats();
  rows.push(
    {
      measure: `1. goodput: ${GOODPUT_CALLS} sendByApp at ${DINGTALK_LIMIT}/s (ConvFileService)`,
      result: `${elapsedS.toFixed(1)} s = ${(elapsedS / idealS).toFixed(3)} × ideal ${idealS} s`,
      target: '≤ 1.1 × ideal',
    },
    {
      measure: '   throttled answers / failures / duplicates',
      result: `${stats.throttled} / ${failures} / ${duplicates}`,
      target: '- / 0 / 0',
    },
    {
      measure: '   peak calls DingTalk saw in one second',
      result: String(stats.maxPerWindow[BENCH_APP.appKey]?.SendByApp ?? 0),
      target: `≤ ${DINGTALK_LIMIT}`,
    },
  );
  await app.close();
  await sandbox.close();
}

/** The sample REST app on 127.0.0.1:0 in DingTalk mode, pointed at `sandbox` as `app`. */
async function startRestApp(
  sandbox: Pick<DingTalkSandbox, 'url'>,
  app: typeof BENCH_APP,
  env: Record<string, string>,
): Promise<{ url: string; close: () => Promise<void> }> {
  const { app: nest } = await createApp({
    DINGTALK_APP_KEY: app.appKey,
    DINGTALK_APP_SECRET: app.appSecret,
    DINGTALK_API_BASE_URL: sandbox.url,
    API_KEYS: BENCH_API_KEY,
    THROTTLE_LIMIT: '1000000',
    LOG_LEVEL: 'error',
    ...env,
  });
  const server = (await nest.listen(0, '127.0.0.1')) as Server;
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => nest.close(),
  };
}

/** POSTs a SendByApp for `unionId` to `baseUrl` (the REST app, or the sandbox with `token`). */
async function postSendByApp(
  dispatcher: Agent,
  baseUrl: string,
  unionId: string,
  auth: Record<string, string>,
): Promise<number> {
  const response = await request(`${baseUrl}${SEND_BY_APP_PATH}?unionId=${unionId}`, {
    method: 'POST',
    dispatcher,
    headers: { 'content-type': 'application/json', ...auth },
    body: JSON.stringify({ spaceId: BENCH_SPACE, dentryId: BENCH_FILE }),
  });
  await response.body.text();
  return response.statusCode;
}

/** 2. The same 600 sends through the REST app, two instances sharing Redis. */
async function restGoodput(): Promise<void> {
  // A fresh app key per run, so nothing left in Redis by an earlier run is shared.
  const app = { appKey: `bench-${randomUUID()}`, appSecret: BENCH_APP.appSecret };
  const sandbox = await createDingTalkSandbox({
    world: benchWorld(GOODPUT_CALLS, app),
    rateLimit: { limit: DINGTALK_LIMIT },
  });
  const instances = await Promise.all(
    Array.from({ length: REST_INSTANCES }, () => startRestApp(sandbox, app, { REDIS_URL })),
  );
  const client = new Agent();
  const started = performance.now();
  const statuses = await Promise.all(
    Array.from({ length: GOODPUT_CALLS }, (_, i) =>
      postSendByApp(client, instances[i % REST_INSTANCES].url, recipient(i), {
        'x-api-key': BENCH_API_KEY,
      }).catch(() => 0),
    ),
  );
  const elapsedS = (performance.now() - started) / 1000;
  const idealS = GOODPUT_CALLS / DINGTALK_LIMIT;
  const deliveries = sandbox.deliveries();
  const duplicates =
    deliveries.length - new Set(deliveries.map((delivery) => delivery.unionId)).size;
  const stats = sandbox.stats();
  rows.push(
    {
      measure: `2. goodput through REST, ${REST_INSTANCES} instances sharing Redis`,
      result: `${elapsedS.toFixed(1)} s = ${(elapsedS / idealS).toFixed(3)} × ideal ${idealS} s`,
      target: '≤ 1.1 × ideal',
    },
    {
      measure: '   throttled answers / failures / duplicates',
      result: `${stats.throttled} / ${statuses.filter((status) => status !== 200).length} / ${duplicates}`,
      target: '- / 0 / 0',
    },
    {
      measure: '   peak calls DingTalk saw in one second',
      result: String(stats.maxPerWindow[app.appKey]?.SendByApp ?? 0),
      target: `≤ ${DINGTALK_LIMIT}`,
    },
  );
  await client.close();
  await Promise.all(instances.map((instance) => instance.close()));
  await sandbox.close();
}

/** 5. Latency the REST layer adds over calling the sandbox directly, one call at a time. */
async function restLatency(): Promise<void> {
  const sandbox = await createDingTalkSandbox({ world: benchWorld(10), rateLimit: false });
  const rest = await startRestApp(sandbox, BENCH_APP, {
    DINGTALK_RATE_LIMIT_PER_SECOND: '1000000',
  });
  const tokenAnswer = await request(`${sandbox.url}/v1.0/oauth2/accessToken`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(BENCH_APP),
  });
  const { accessToken } = (await tokenAnswer.body.json()) as { accessToken: string };
  const client = new Agent();
  const measure = async (baseUrl: string, auth: Record<string, string>) => {
    for (let i = 0; i < 100; i++) await postSendByApp(client, baseUrl, recipient(i % 10), auth);
    const times: number[] = [];
    for (let i = 0; i < LATENCY_CALLS; i++) {
      const started = performance.now();
      await postSendByApp(client, baseUrl, recipient(i % 10), auth);
      times.push(performance.now() - started);
    }
    return times.sort((a, b) => a - b);
  };
  const direct = await measure(sandbox.url, { 'x-acs-dingtalk-access-token': accessToken });
  const viaRest = await measure(rest.url, { 'x-api-key': BENCH_API_KEY });
  const pct = (times: number[], p: number) =>
    times[Math.min(times.length - 1, Math.floor((p / 100) * times.length))];
  for (const p of [50, 99]) {
    rows.push({
      measure: `5. latency the REST layer adds, p${p} (${LATENCY_CALLS} sequential sends)`,
      result: `${(pct(viaRest, p) - pct(direct, p)).toFixed(2)} ms (${pct(viaRest, p).toFixed(2)} vs ${pct(direct, p).toFixed(2)} ms direct)`,
      target: '',
    });
  }
  await client.close();
  await rest.close();
  await sandbox.close();
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

/** A client's rate, and the CPU time this process spent per call (robust to a busy machine). */
interface Throughput {
  rate: number;
  cpuMicrosPerCall: number;
}

/** Calls `call` `total` times, `concurrency` at a time; returns calls per second and CPU per call. */
async function throughput(
  total: number,
  concurrency: number,
  call: (i: number) => Promise<unknown>,
): Promise<Throughput> {
  let next = 0;
  const started = performance.now();
  const cpu = process.cpuUsage();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < total) await call(next++);
    }),
  );
  const used = process.cpuUsage(cpu);
  return {
    rate: total / ((performance.now() - started) / 1000),
    cpuMicrosPerCall: (used.user + used.system) / total,
  };
}

/** Targets of the overhead rows, as multiples of the official client's rate. */
const OVERHEAD_TARGETS: Record<string, (ofOfficial: number) => string> = {
  'ConvFileService.sendByApp': (x) => `≥ 1.15 × official (${x.toFixed(2)} × official)`,
  'ConvFileService.sendByApp on HttpService (axios)': (x) =>
    `≥ 0.9 × official (${x.toFixed(2)} × official)`,
};

/** The overhead rows compared with another row than bare undici: each transport with its client. */
const OVERHEAD_BASES: Record<string, string> = {
  'ConvFileService.sendByApp on HttpService (axios)': 'axios (bare request, same settings)',
};

/** 3. Calls per second of our service on each transport, the official client and bare undici. */
async function overhead(): Promise<void> {
  const users = 100;
  const sandbox = await startSandboxProcess(benchWorld(users));
  const input = (i: number) => ({
    unionId: recipient(i % users),
    spaceId: BENCH_SPACE,
    dentryId: BENCH_FILE,
  });

  const app = await startLibrary(sandbox, { rateLimit: false });
  const service = app.get(ConvFileService);
  const token = await app.get(DingTalkTokenService).getAccessToken();
  // The same service on the app's @nestjs/axios client, keep-alive as an app would configure it.
  const axiosApp = await startLibrary(sandbox, {
    rateLimit: false,
    httpService: new HttpService(
      axios.create({
        httpAgent: new HttpAgent({ keepAlive: true, maxSockets: OVERHEAD_CONCURRENCY }),
      }),
    ),
  });
  const axiosService = axiosApp.get(ConvFileService);

  const sdk = new ConvFile.default(
    new Config({ endpoint: sandbox.url.replace('http://', ''), protocol: 'http' }),
  );
  const sdkHeaders = new ConvFile.SendByAppHeaders({ xAcsDingtalkAccessToken: token });
  const runtime = new RuntimeOptions({ keepAlive: true });

  const agent = new Agent({ connections: OVERHEAD_CONCURRENCY });
  const bareAxios = axios.create({
    httpAgent: new HttpAgent({ keepAlive: true, maxSockets: OVERHEAD_CONCURRENCY }),
  });
  const bare = async (i: number) => {
    const { unionId, ...body } = input(i);
    const response = await request(
      `${sandbox.url}/v1.0/convFile/apps/conversations/files/send?unionId=${unionId}`,
      {
        method: 'POST',
        dispatcher: agent,
        headers: { 'content-type': 'application/json', 'x-acs-dingtalk-access-token': token },
        body: JSON.stringify(body),
      },
    );
    await response.body.json();
  };

  // axios as the library's axios transport calls it: the body as text, no redirects followed.
  const bareAxiosCall = async (i: number) => {
    const { unionId, ...body } = input(i);
    await bareAxios.request({
      method: 'POST',
      url: `${sandbox.url}/v1.0/convFile/apps/conversations/files/send?unionId=${unionId}`,
      headers: { 'content-type': 'application/json', 'x-acs-dingtalk-access-token': token },
      data: JSON.stringify(body),
      responseType: 'text',
      transformResponse: [(data: unknown) => data],
      validateStatus: () => true,
      maxRedirects: 0,
    });
  };

  const clients: Array<[string, (i: number) => Promise<unknown>]> = [
    ['undici (bare request)', bare],
    ['axios (bare request, same settings)', bareAxiosCall],
    [
      '@alicloud/dingtalk sendByAppWithOptions',
      (i) => sdk.sendByAppWithOptions(new ConvFile.SendByAppRequest(input(i)), sdkHeaders, runtime),
    ],
    ['ConvFileService.sendByApp', (i) => service.sendByApp(input(i))],
    ['ConvFileService.sendByApp on HttpService (axios)', (i) => axiosService.sendByApp(input(i))],
  ];
  // A full-size warm-up each: the first thousands of calls run before the JIT has settled.
  for (const [, call] of clients) await throughput(OVERHEAD_CALLS, OVERHEAD_CONCURRENCY, call);
  // Rounds in rotating order, median per client: one run alone swings with GC and JIT timing.
  const samples = new Map<string, Throughput[]>(clients.map(([name]) => [name, []]));
  for (let round = 0; round < OVERHEAD_ROUNDS; round++) {
    for (let i = 0; i < clients.length; i++) {
      const [name, call] = clients[(i + round) % clients.length];
      samples.get(name)!.push(await throughput(OVERHEAD_CALLS, OVERHEAD_CONCURRENCY, call));
    }
  }
  const measured = new Map(
    [...samples].map(([name, runs]) => [name, median(runs.map((run) => run.rate))]),
  );
  const cpuPerCall = (name: string) =>
    median(samples.get(name)!.map((run) => run.cpuMicrosPerCall));

  const bareRate = measured.get('undici (bare request)')!;
  const sdkRate = measured.get('@alicloud/dingtalk sendByAppWithOptions')!;
  for (const [name, rate] of measured) {
    rows.push({
      measure: `3. overhead: ${name}, median of ${OVERHEAD_ROUNDS} × ${OVERHEAD_CALLS} calls, ${OVERHEAD_CONCURRENCY} concurrent`,
      result: `${rate.toFixed(0)} calls/s = ${(rate / bareRate).toFixed(2)} × undici${
        OVERHEAD_BASES[name] === undefined
          ? ''
          : ` = ${(rate / measured.get(OVERHEAD_BASES[name])!).toFixed(2)} × bare axios`
      }; ${cpuPerCall(name).toFixed(0)} µs CPU per call`,
      target: OVERHEAD_TARGETS[name]?.(rate / sdkRate) ?? '',
    });
  }
  await agent.close();
  await axiosApp.close();
  await app.close();
  await sandbox.close();
}

/** The sandbox in a child process (`sandbox.process.ts`), with no rate limit. */
function startSandboxProcess(world: SandboxWorldInit): Promise<BenchChild> {
  return startBenchChild('sandbox.process.ts', { BENCH_WORLD: JSON.stringify(world) });
}

/** 4. Token fetches for 1,000 concurrent cold calls. */
async function coldTokenFetches(): Promise<void> {
  const sandbox = await createDingTalkSandbox({ world: benchWorld(10), rateLimit: false });
  const app = await startLibrary(sandbox, { rateLimit: false });
  const service = app.get(ConvFileService);
  await Promise.all(
    Array.from({ length: COLD_CALLS }, (_, i) =>
      service.sendByApp({ unionId: recipient(i % 10), spaceId: BENCH_SPACE, dentryId: BENCH_FILE }),
    ),
  );
  rows.push({
    measure: `4. token fetches for ${COLD_CALLS} concurrent cold calls`,
    result: String(sandbox.stats().tokenFetches),
    target: '1',
  });
  await app.close();
  await sandbox.close();
}

/** A batch instance in a child process (`batch-instance.process.ts`), started and ready. */
function startBatchProcess(env: Record<string, string>): Promise<BenchChild> {
  return startBenchChild('batch-instance.process.ts', env);
}

/**
 * 6. 2,000 SendByApp items in one batch, on two instances (child processes) sharing Redis, with
 * DingTalk's limit raised to 100/s; with `kill`, one instance is killed with SIGKILL once half
 * the items are sent, and started again.
 */
async function batchGoodput(kill: boolean): Promise<void> {
  const sandbox = await createDingTalkSandbox({
    world: benchWorld(BATCH_ITEMS),
    rateLimit: { limit: BATCH_RATE },
  });
  const keyPrefix = `bench:${randomUUID()}:`;
  const env = {
    BENCH_BASE_URL: sandbox.url,
    BENCH_REDIS_URL: REDIS_URL,
    BENCH_KEY_PREFIX: keyPrefix,
    BENCH_RATE: String(BATCH_RATE),
    BENCH_CONCURRENCY: String(BATCH_CONCURRENCY),
  };
  const instances = await Promise.all(
    Array.from({ length: BATCH_INSTANCES }, () => startBatchProcess(env)),
  );
  // Creates the batch and reads its status, processing nothing itself.
  const observer = await NestFactory.createApplicationContext(
    ConvFileModule.forRoot({
      ...BENCH_APP,
      baseUrl: sandbox.url,
      redis: { url: REDIS_URL, keyPrefix },
      batches: convFileBatches({ worker: false }),
    }),
    { logger: false },
  );
  const batches = observer.get(ConvFileBatchService);
  const items = Array.from({ length: BATCH_ITEMS }, (_, i) => ({
    unionId: recipient(i),
    spaceId: BENCH_SPACE,
    dentryId: BENCH_FILE,
  }));
  const started = performance.now();
  const { batchId } = await batches.create({ api: 'SendByApp', items });
  let killed = !kill;
  let status = await batches.get(batchId);
  while (status.finishedAt === null) {
    await new Promise((resolve) => setTimeout(resolve, 50));
    status = await batches.get(batchId);
    if (!killed && status.counts.sent >= BATCH_ITEMS / 2) {
      killed = true;
      await instances[0].kill();
      instances[0] = await startBatchProcess(env);
    }
  }
  const elapsedS = (performance.now() - started) / 1000;
  const idealS = BATCH_ITEMS / BATCH_RATE;
  const deliveries = sandbox.deliveries();
  const duplicates =
    deliveries.length - new Set(deliveries.map((delivery) => delivery.unionId)).size;
  const stats = sandbox.stats();
  const { counts } = status;
  const label = kill ? ', one killed (SIGKILL) and restarted midway' : '';
  rows.push(
    {
      measure: `6. batch: ${BATCH_ITEMS} SendByApp items, ${BATCH_INSTANCES} instances, DingTalk at ${BATCH_RATE}/s${label}`,
      result: `${elapsedS.toFixed(1)} s = ${(elapsedS / idealS).toFixed(3)} × ideal ${idealS} s`,
      target: kill ? '' : '≤ 1.1 × ideal',
    },
    {
      measure: '   sent / failed / unknown; duplicates; throttled answers',
      result: `${counts.sent} / ${counts.failed} / ${counts.unknown}; ${duplicates}; ${stats.throttled}`,
      target: kill ? '- / 0 / -; 0; -' : `${BATCH_ITEMS} / 0 / 0; 0; 0`,
    },
    {
      measure: '   peak calls DingTalk saw in one second',
      result: String(stats.maxPerWindow[BENCH_APP.appKey]?.SendByApp ?? 0),
      target: `≤ ${BATCH_RATE}`,
    },
  );
  await Promise.all(instances.map((instance) => instance.close()));
  await observer.close();
  await sandbox.close();
  await deleteBenchKeys(keyPrefix);
}

/** Removes the batch part's keys from Redis. */
async function deleteBenchKeys(keyPrefix: string): Promise<void> {
  const client = createClient({ url: REDIS_URL });
  await client.connect();
  for await (const keys of client.scanIterator({ MATCH: `${keyPrefix}*`, COUNT: 1000 })) {
    if (keys.length > 0) await client.del(keys);
  }
  client.destroy();
}

function printTable(): void {
  const memory = process.memoryUsage();
  rows.push({
    measure: 'memory after the run (rss / heap used)',
    result: `${(memory.rss / 2 ** 20).toFixed(0)} MiB / ${(memory.heapUsed / 2 ** 20).toFixed(0)} MiB`,
    target: '',
  });
  const widths = (['measure', 'result', 'target'] as const).map((key) =>
    Math.max(key.length, ...rows.map((row) => row[key].length)),
  );
  const line = (cells: string[]) =>
    `| ${cells.map((cell, i) => cell.padEnd(widths[i])).join(' | ')} |`;
  console.log(`\nnpm run bench (node ${process.version}, ${new Date().toISOString()})\n`);
  console.log(line(['measure', 'result', 'target']));
  console.log(line(widths.map((width) => '-'.repeat(width))));
  for (const row of rows) console.log(line([row.measure, row.result, row.target]));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
