import { RedisRelay } from '../libs/conv-file/testing/redis-relay.test-helper';
import { ChildApp } from './support/child-app.process';
import { SharedRedisKeys } from './support/shared-redis.test-helper';
import { waitUntil } from './support/wait-until.test-helper';

/** Start-up (ts-node), the failing set-up, then a batch: most of it is start-up. */
const TEST_TIMEOUT_MS = 60_000;
/** Longest one call may take before the test fails with the app's output. */
const CALL_TIMEOUT_MS = 10_000;
/**
 * BullMQ asks each connection it sets up for the server's INFO (its version check): the batch
 * queue's, the worker's and the worker's blocking connection. Dropping a connection there is
 * Redis dying while the batches start.
 */
const SET_UP_COMMAND = 'INFO';
const BATCH_CONNECTIONS = 3;

const BATCH = {
  api: 'SendByApp',
  items: [{ unionId: 'union-alice', spaceId: 'space-project', dentryId: 'dentry-report' }],
};

/*
 * The app in a child process: a worker whose set-up failed once made BullMQ's loop spin without
 * yielding, which froze the whole process (no answer to any request, 100 % CPU) and would freeze
 * a test process just the same.
 */
describe('batches when Redis fails while they set up their connections (REDIS_URL set)', () => {
  const keys = new SharedRedisKeys();
  let relay: RedisRelay;
  let child: ChildApp | undefined;

  beforeEach(async () => {
    relay = await RedisRelay.start();
  });

  afterEach(async () => {
    child?.kill();
    child = undefined;
    await relay.close();
  });

  afterAll(() => keys.deleteAll());

  async function startApp() {
    const started = new ChildApp({
      PORT: '0',
      HOST: '127.0.0.1',
      REDIS_URL: relay.url,
      REDIS_KEY_PREFIX: keys.nextPrefix(),
    });
    child = started;
    const port = Number((await started.waitFor(/Service: +http:\/\/127\.0\.0\.1:(\d+)/))[1]);
    const request = async (method: string, path: string, body?: unknown) => {
      const response = await fetch(`http://127.0.0.1:${port}${path}`, {
        method,
        headers: {
          'content-type': 'application/json',
          'x-api-key': 'sandbox-key',
          'idempotency-key': 'set-up-failure',
        },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(CALL_TIMEOUT_MS),
      }).catch((error: Error) => {
        throw new Error(`${error.message}; the app printed:\n${started.output}`, { cause: error });
      });
      return { status: response.status, body: (await response.json()) as Record<string, unknown> };
    };
    return { request };
  }

  it(
    'keeps answering while the set-up fails, and sends a batch once Redis answers again',
    async () => {
      relay.dropConnectionsSending(SET_UP_COMMAND);
      const app = await startApp();
      await waitUntil(
        () => relay.dropped >= BATCH_CONNECTIONS,
        `the relay to drop the set-up of the ${BATCH_CONNECTIONS} batch connections`,
        CALL_TIMEOUT_MS,
      );

      expect((await app.request('GET', '/health')).status).toBe(200);

      relay.restore();
      let batchId: unknown;
      await waitUntil(
        async () => {
          const created = await app.request('POST', '/v1.0/convFile/batches', BATCH);
          batchId = created.body.batchId;
          return created.status === 202;
        },
        'the batch routes to work again',
        CALL_TIMEOUT_MS,
      );
      await waitUntil(
        async () =>
          (await app.request('GET', `/v1.0/convFile/batches/${String(batchId)}`)).body.status ===
          'done',
        'the batch to be sent',
        CALL_TIMEOUT_MS,
      );
      const { body } = await app.request('GET', `/v1.0/convFile/batches/${String(batchId)}`);
      expect(body.counts).toMatchObject({ sent: 1, failed: 0, unknown: 0 });
    },
    TEST_TIMEOUT_MS,
  );
});
