import { createClient } from '@redis/client';
import { ChildApp } from './support/child-app.process';
import { PrivateRedisServer } from './support/private-redis.server';
import { waitUntil } from './support/wait-until.test-helper';

/** The longest shutdown may wait for in-flight requests; small, as no request is in flight here. */
const SHUTDOWN_TIMEOUT_MS = 2000;
/**
 * Each test starts `npm start`'s command (ts-node) and goes through a Redis outage: start-up and
 * the outage take most of this limit.
 */
const TEST_TIMEOUT_MS = 30_000;

/**
 * Longest one call to the app may take before the test fails with the app's output: a hang (as
 * when Redis died while the batch worker set up its connections, which froze the process) fails here.
 */
const CALL_TIMEOUT_MS = 10_000;

/** Time a process needs beyond the shutdown deadline to run its last hooks and exit. */
const EXIT_MARGIN_MS = 5000;

/**
 * Sends SIGTERM and resolves with the exit code, or with 'still running' once the shutdown
 * deadline (plus the margin to exit) has passed: shutdown must end by then whatever Redis does.
 */
async function terminate(child: ChildApp): Promise<number | null | 'still running'> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<'still running'>((resolve) => {
    timer = setTimeout(() => resolve('still running'), SHUTDOWN_TIMEOUT_MS + EXIT_MARGIN_MS);
  });
  child.signal('SIGTERM');
  try {
    return await Promise.race([child.exited, deadline]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Calls made while Redis is away. No call is made before, so the first finds no token in memory:
 * it asks the token store, fetches a token and stores it, all during the outage.
 */
const CALLS_DURING_OUTAGE = 3;

describe('SIGTERM whatever state Redis is in (REDIS_URL set)', () => {
  let redis: PrivateRedisServer;
  let child: ChildApp | undefined;

  beforeEach(async () => {
    redis = await PrivateRedisServer.start();
  });

  afterEach(async () => {
    child?.kill();
    child = undefined;
    redis.resume();
    await redis.stop();
  });

  /** The app in sandbox mode on this test's Redis, with the service's port read from its banner. */
  async function startApp() {
    const started = new ChildApp({
      PORT: '0',
      HOST: '127.0.0.1',
      REDIS_URL: redis.url,
      SHUTDOWN_TIMEOUT_MS: String(SHUTDOWN_TIMEOUT_MS),
    });
    child = started;
    const port = Number((await started.waitFor(/Service: +http:\/\/127\.0\.0\.1:(\d+)/))[1]);
    return {
      child: started,
      /** A GetSpace through the service; resolves with the status. */
      call: async () => {
        const response = await fetch(
          `http://127.0.0.1:${port}/v1.0/convFile/conversations/spaces/query?unionId=union-alice`,
          {
            method: 'POST',
            headers: { 'content-type': 'application/json', 'x-api-key': 'sandbox-key' },
            body: JSON.stringify({ openConversationId: 'cid-project-group' }),
            // A call that hangs fails here, with what the app printed, not at the test's limit.
            signal: AbortSignal.timeout(CALL_TIMEOUT_MS),
          },
        ).catch((error: Error) => {
          throw new Error(`${error.message}; the app printed:\n${started.output}`, {
            cause: error,
          });
        });
        await response.arrayBuffer();
        return response.status;
      },
    };
  }

  /** Makes CALLS_DURING_OUTAGE calls one after the other; each must still succeed. */
  async function callDuringOutage(call: () => Promise<number>): Promise<void> {
    for (let i = 0; i < CALLS_DURING_OUTAGE; i++) expect(await call()).toBe(200);
  }

  it(
    'exits 0 after Redis died and the token store was used during the outage',
    async () => {
      const app = await startApp();
      await redis.stop();
      await callDuringOutage(app.call);

      expect(await terminate(app.child)).toBe(0);
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'exits 0 while Redis hangs (stopped with SIGSTOP: connected, never answering)',
    async () => {
      const app = await startApp();
      redis.pause();
      await callDuringOutage(app.call);

      expect(await terminate(app.child)).toBe(0);
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'exits 0 once Redis is back after an outage',
    async () => {
      const app = await startApp();
      await redis.stop();
      await callDuringOutage(app.call);
      await redis.restart();
      const inspector = createClient({ url: redis.url });
      await inspector.connect();
      try {
        // The restarted Redis is empty: a key in it means the app's calls use Redis again.
        await waitUntil(
          async () => (await app.call()) === 200 && (await inspector.dbSize()) > 0,
          'the app to use Redis again',
          TEST_TIMEOUT_MS / 2,
        );
      } finally {
        inspector.destroy();
      }

      expect(await terminate(app.child)).toBe(0);
    },
    TEST_TIMEOUT_MS,
  );
});
