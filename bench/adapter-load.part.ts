/**
 * Part 7 of `npm run bench`: the REST path under load as its users feel it, on Express and on
 * Fastify. The app, built (`npm run build`, then started like `npm run start:prod`,
 * NODE_ENV=production, LOG_LEVEL=warn), the bare pass-through on the same platform
 * (`pass-through.process.ts`) and the sandbox (`sandbox.process.ts`, no rate limit) each run in a
 * process of their own; autocannon loads them from the bench process. The outbound limit is raised so that it never binds.
 */
import autocannon from 'autocannon';
import { spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:net';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { request } from 'undici';
import { BENCH_APP, BENCH_FILE, BENCH_SPACE, benchWorld, recipient } from './bench-world';
import { startBenchChild } from './bench-child.protocol';
import { readProcessUsage } from './process-usage.reader';

const ROOT = join(__dirname, '..');
const PATH = '/v1.0/convFile/apps/conversations/files/send';
const API_KEY = 'bench-api-key-0123456789';
const ADAPTERS = ['express', 'fastify'] as const;
const WARM_UP_SECONDS = 3;
const SEQUENTIAL_SECONDS = 6;
const LOADED_SECONDS = 10;
const LOADED_CONNECTIONS = 32;
/** The targets. */
const MAX_ADDED_P99_MS = 2;
const MIN_RATE_RATIO = 0.6;
const MAX_RSS_MIB = 160;

/** A row of the bench's table. */
export interface BenchRow {
  measure: string;
  result: string;
  target: string;
}

/** A server in a child process. */
interface BenchTarget {
  url: string;
  pid: number;
  close(): Promise<void>;
}

async function freePort(): Promise<number> {
  const server = createServer().listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as { port: number };
  server.close();
  await once(server, 'close');
  return port;
}

/**
 * The node command of `npm run start:prod` (`exec node <flags> dist/src/main.js`), split into
 * arguments, so that the bench runs the app with the flags production is told to use.
 */
function startProdArguments(): string[] {
  const scripts = (
    JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
      scripts: Record<string, string>;
    }
  ).scripts;
  const [exec, node, ...args] = scripts['start:prod'].split(/\s+/);
  if (exec !== 'exec' || node !== 'node' || args.at(-1) !== 'dist/src/main.js')
    throw new Error(
      `start:prod is not "exec node [flags] dist/src/main.js": ${scripts['start:prod']}`,
    );
  return args.map((arg) => (arg === 'dist/src/main.js' ? join(ROOT, arg) : arg));
}

/**
 * The built app as production runs it, on `adapter`; its output is kept and shown only if it
 * fails (each load's end aborts in-flight requests, which the app logs as errors).
 */
async function startBuiltApp(adapter: string, upstream: string): Promise<BenchTarget> {
  const port = await freePort();
  const child = spawn(process.execPath, startProdArguments(), {
    cwd: __dirname,
    env: {
      PATH: process.env.PATH ?? '',
      HTTP_ADAPTER: adapter,
      NODE_ENV: 'production',
      LOG_LEVEL: 'warn',
      PORT: String(port),
      HOST: '127.0.0.1',
      DINGTALK_APP_KEY: BENCH_APP.appKey,
      DINGTALK_APP_SECRET: BENCH_APP.appSecret,
      DINGTALK_API_BASE_URL: upstream,
      API_KEYS: API_KEY,
      THROTTLE_LIMIT: '100000000',
      DINGTALK_RATE_LIMIT_PER_SECOND: '1000000',
    },
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = once(child, 'exit');
  const url = `http://127.0.0.1:${port}`;
  for (let waited = 0; ; waited += 100) {
    if (child.exitCode !== null || waited > 60_000)
      throw new Error(`The app did not start:\n${output}`);
    const ready = await request(`${url}/health`).then(
      async (answer) => (await answer.body.text(), answer.statusCode === 200),
      () => false,
    );
    if (ready) break;
    await sleep(100);
  }
  return {
    url,
    pid: child.pid!,
    close: async () => {
      child.kill('SIGTERM');
      await exited;
    },
  };
}

/** One autocannon run of SendByApp calls; latencies from its `response` events, in µs precision. */
async function load(
  target: BenchTarget,
  connections: number,
  seconds: number,
  headers: Record<string, string>,
) {
  const before = readProcessUsage(target.pid);
  const latencies: number[] = [];
  let unionId = 0;
  const options: autocannon.Options = {
    url: target.url,
    connections,
    duration: seconds,
    requests: [
      {
        method: 'POST',
        setupRequest: (req) => ({
          ...req,
          path: `${PATH}?unionId=${recipient(unionId++ % 10)}`,
        }),
      },
    ],
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ spaceId: BENCH_SPACE, dentryId: BENCH_FILE }),
  };
  const result = await new Promise<autocannon.Result>((resolve, reject) => {
    const instance = autocannon(options, (error, done) =>
      error ? reject(error instanceof Error ? error : new Error(String(error))) : resolve(done),
    );
    instance.on('response', (_client, _status, _bytes, responseTime) =>
      latencies.push(responseTime),
    );
  });
  // The load's last requests, cut by autocannon, end in the target before it is read.
  await sleep(200);
  const after = readProcessUsage(target.pid);
  latencies.sort((a, b) => a - b);
  const at = (p: number) =>
    latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))];
  const total = result.requests.total;
  return {
    p50: at(0.5),
    p99: at(0.99),
    rate: total / seconds,
    failed: result.non2xx + result.errors + result.timeouts,
    cpuMicrosPerRequest: (after.cpuMicros - before.cpuMicros) / Math.max(1, total),
    rssMiB: after.rssBytes / 2 ** 20,
  };
}

type Load = Awaited<ReturnType<typeof load>>;

/** Warm-up, then one connection (latency), then 32 connections (throughput). */
async function measure(target: BenchTarget, headers: Record<string, string>) {
  await load(target, LOADED_CONNECTIONS, WARM_UP_SECONDS, headers);
  const sequential = await load(target, 1, SEQUENTIAL_SECONDS, headers);
  const loaded = await load(target, LOADED_CONNECTIONS, LOADED_SECONDS, headers);
  return { sequential, loaded };
}

type Measured = Awaited<ReturnType<typeof measure>>;

const ms = (value: number) => `${value.toFixed(2)} ms`;
const cpu = (run: Load) => `${Math.round(run.cpuMicrosPerRequest)} µs CPU/req`;
const sequentialCell = (run: Measured) =>
  `${ms(run.sequential.p50)} / ${ms(run.sequential.p99)}, ${cpu(run.sequential)}`;
const failures = (run: Measured) => run.sequential.failed + run.loaded.failed;

/** Runs part 7 (building the app first) and returns its rows. */
export async function adapterLoad(): Promise<BenchRow[]> {
  const build = spawnSync('npm', ['run', 'build'], { cwd: ROOT, stdio: 'ignore' });
  if (build.status !== 0) throw new Error('npm run build failed');
  const sandbox = await startBenchChild('sandbox.process.ts', {
    BENCH_WORLD: JSON.stringify(benchWorld(10)),
  });
  const tokenAnswer = await request(`${sandbox.url}/v1.0/oauth2/accessToken`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(BENCH_APP),
  });
  const { accessToken } = (await tokenAnswer.body.json()) as { accessToken: string };
  const rows: BenchRow[] = [];
  for (const adapter of ADAPTERS) {
    const app = await startBuiltApp(adapter, sandbox.url);
    const idleMiB = readProcessUsage(app.pid).rssBytes / 2 ** 20;
    const pass = await startBenchChild('pass-through.process.ts', {
      BENCH_ADAPTER: adapter,
      BENCH_UPSTREAM: sandbox.url,
      BENCH_TOKEN: accessToken,
    });
    const ofApp = await measure(app, { 'x-api-key': API_KEY });
    const ofPass = await measure(pass, {});
    await pass.close();
    await app.close();
    const label = `7. ${adapter}`;
    rows.push(
      {
        measure: `${label}: 1 connection, p50 / p99 (app; pass-through)`,
        result: `${sequentialCell(ofApp)}; ${sequentialCell(ofPass)}`,
        target: '',
      },
      {
        measure: `${label}:   p99 the app adds`,
        result: ms(ofApp.sequential.p99 - ofPass.sequential.p99),
        target: `≤ ${MAX_ADDED_P99_MS} ms`,
      },
      {
        measure: `${label}: ${LOADED_CONNECTIONS} connections, req/s (app; pass-through)`,
        result: `${Math.round(ofApp.loaded.rate)}, ${cpu(ofApp.loaded)}; ${Math.round(ofPass.loaded.rate)}, ${cpu(ofPass.loaded)} = ${(ofApp.loaded.rate / ofPass.loaded.rate).toFixed(2)} × pass-through`,
        target: `≥ ${MIN_RATE_RATIO} × pass-through`,
      },
      {
        measure: `${label}:   failed requests (app; pass-through)`,
        result: `${failures(ofApp)}; ${failures(ofPass)}`,
        target: '0; 0',
      },
      {
        measure: `${label}: app RSS idle → after the load`,
        result: `${idleMiB.toFixed(0)} → ${ofApp.loaded.rssMiB.toFixed(0)} MiB`,
        target: `≤ ${MAX_RSS_MIB} MiB`,
      },
    );
  }
  await sandbox.close();
  return rows;
}
