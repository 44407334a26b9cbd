import { createDingTalkSandbox, type DingTalkSandbox } from '@nest-dingtalk/sandbox';
import {
  PATHS,
  startTestApp,
  TEST_API_KEY,
  WORLD,
  type TestApp,
} from './support/sample-app.test-helper';

describe('DINGTALK_RATE_LIMIT_PER_SECOND', () => {
  let sandbox: DingTalkSandbox;
  let t: TestApp;

  afterEach(async () => {
    await t.close();
    await sandbox.close();
  });

  it('paces the app to DingTalk: a burst waits for its turn instead of being throttled', async () => {
    const limit = 2;
    sandbox = await createDingTalkSandbox({ rateLimit: { limit } });
    t = await startTestApp({ DINGTALK_RATE_LIMIT_PER_SECOND: String(limit) }, sandbox);

    const responses = await Promise.all(
      Array.from({ length: 3 * limit }, () =>
        t.http
          .post(`${PATHS.GetSpace}?unionId=${WORLD.member}`)
          .set('x-api-key', TEST_API_KEY)
          .send({ openConversationId: WORLD.group }),
      ),
    );

    expect(responses.map((response) => response.status)).toEqual(Array(3 * limit).fill(200));
    expect(sandbox.stats().throttled).toBe(0);
    expect(sandbox.stats().maxPerWindow['sandbox-app-key'].GetSpace).toBeLessThanOrEqual(limit);
  });
});
