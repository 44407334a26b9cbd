import { createDingTalkSandbox, type DingTalkSandbox } from '@nest-dingtalk/sandbox';
import {
  PATHS,
  startTestApp,
  TEST_API_KEY,
  WORLD,
  type TestApp,
} from './support/sample-app.test-helper';

/** More than the old default of 100 per minute, well under the new one. */
const BURST = 200;

describe('the inbound rate limit with its defaults (THROTTLE_LIMIT, THROTTLE_TTL_MS unset)', () => {
  let sandbox: DingTalkSandbox;
  let t: TestApp;

  afterEach(async () => {
    await t.close();
    await sandbox.close();
  });

  it(`lets one API key send ${BURST} files in a burst: the pacing is the outbound queue's job`, async () => {
    // Only the inbound default is under test: DingTalk's and the outbound limits are raised so the
    // burst is quick, and nothing but the inbound throttle could answer 429.
    sandbox = await createDingTalkSandbox({ rateLimit: false });
    t = await startTestApp({ DINGTALK_RATE_LIMIT_PER_SECOND: String(BURST) }, sandbox);

    const responses = await Promise.all(
      Array.from({ length: BURST }, () =>
        t.http
          .post(`${PATHS.SendByApp}?unionId=${WORLD.otherMember}`)
          .set('x-api-key', TEST_API_KEY)
          .send({ spaceId: WORLD.space, dentryId: WORLD.file }),
      ),
    );

    const statuses = responses.map((response) => response.status);
    expect(statuses.filter((status) => status === 429)).toHaveLength(0);
    expect(statuses).toEqual(Array<number>(BURST).fill(200));
    expect(sandbox.deliveries()).toHaveLength(BURST);
  });
});
