import { createDingTalkSandbox, type DingTalkSandbox } from '@nest-dingtalk/sandbox';
import { randomUUID } from 'node:crypto';
import { SHARED_REDIS_URL, SharedRedisKeys } from './support/shared-redis.test-helper';
import {
  PATHS,
  startTestApp,
  TEST_API_KEY,
  watchSandbox,
  WORLD,
  type TestApp,
} from './support/sample-app.test-helper';

describe("REDIS_URL: DingTalk tokens shared through the library's Redis", () => {
  let sandbox: DingTalkSandbox;
  let apps: TestApp[] = [];
  let appKey: string;
  /** Every key the app writes (tokens, limits, the batch queue) is under this run's REDIS_KEY_PREFIX. */
  const keys = new SharedRedisKeys();
  /** Every appKey names this run, so that no token cached by an earlier test or run is reused. */
  const appKeyPrefix = `redis-test-${randomUUID()}-`;
  let tests = 0;

  beforeEach(async () => {
    sandbox = await createDingTalkSandbox();
    // A fresh app per test, so no token cached in Redis by an earlier test or run is reused.
    tests += 1;
    appKey = `${appKeyPrefix}${tests}`;
    sandbox.world.addApp({
      appKey,
      appSecret: 'redis-test-secret',
      corpId: 'ding-sandbox-corp',
      scopes: ['ConvFile.File.Send', 'ConvFile.Space.Read'],
    });
  });
  afterEach(async () => {
    await Promise.all(apps.map((app) => app.close()));
    apps = [];
    await sandbox.close();
  });
  afterAll(() => keys.deleteAll());

  async function instance(env: Record<string, string | undefined>): Promise<TestApp> {
    const app = await startTestApp(
      {
        DINGTALK_APP_KEY: appKey,
        DINGTALK_APP_SECRET: 'redis-test-secret',
        REDIS_KEY_PREFIX: keys.prefix,
        ...env,
      },
      sandbox,
    );
    apps.push(app);
    return app;
  }

  const getSpace = (app: TestApp) =>
    app.http
      .post(`${PATHS.GetSpace}?unionId=${WORLD.member}`)
      .set('x-api-key', TEST_API_KEY)
      .send({ openConversationId: WORLD.group })
      .expect(200);

  it('lets two instances share one DingTalk token: the second asks DingTalk for none', async () => {
    const first = await instance({ REDIS_URL: SHARED_REDIS_URL });
    const second = await instance({ REDIS_URL: SHARED_REDIS_URL });

    await getSpace(first);
    const sinceFirst = watchSandbox(sandbox);
    await getSpace(second);

    expect(sandbox.stats().tokenFetches).toBe(1);
    expect(sinceFirst.tokenFetches()).toBe(0);
    expect(sinceFirst.requests('GetSpace')).toBe(1);
  });

  it('without it, each instance fetches its own token', async () => {
    const first = await instance({});
    const second = await instance({});

    await getSpace(first);
    await getSpace(second);

    expect(sandbox.stats().tokenFetches).toBe(2);
  });
});
