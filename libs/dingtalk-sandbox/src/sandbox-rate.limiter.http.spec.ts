import { createDingTalkSandbox, type DingTalkSandbox } from './sandbox.server';
import {
  call,
  callConvFile,
  fetchToken,
  manualClock,
  PATHS,
} from '../testing/sandbox-http.test-helper';

const REPORT = { spaceId: 'space-project', dentryId: 'dentry-report' };

describe('per-app, per-API rate limit', () => {
  let sandbox: DingTalkSandbox | undefined;
  afterEach(() => sandbox?.close());

  async function start(options: Parameters<typeof createDingTalkSandbox>[0]) {
    sandbox = await createDingTalkSandbox(options);
    return sandbox;
  }

  const sendByApp = (sb: DingTalkSandbox, token: string) =>
    callConvFile(sb, PATHS.sendByApp, token, 'union-alice', REPORT);

  it('admits 20 calls per second by default and throttles the 21st without delivering', async () => {
    const clock = manualClock(5_000);
    const sb = await start({ now: clock.now });
    const token = await fetchToken(sb);
    const answers = await Promise.all(Array.from({ length: 22 }, () => sendByApp(sb, token)));
    expect(answers.filter((res) => res.status === 200)).toHaveLength(20);
    const throttled = answers.filter((res) => res.status === 403);
    expect(throttled).toHaveLength(2);
    expect(throttled[0].json.code).toBe('Forbidden.AccessDenied.QpsLimitForAppkeyAndApi');
    expect(sb.deliveries()).toHaveLength(20);
    expect(sb.stats()).toMatchObject({
      throttled: 2,
      maxPerWindow: { 'sandbox-app-key': { SendByApp: 20, GetAccessToken: 1 } },
    });

    clock.advance(1000);
    expect((await sendByApp(sb, token)).status).toBe(200);
    expect(sb.deliveries()).toHaveLength(21);
  });

  it('limits each API and each app separately', async () => {
    const sb = await start({ now: manualClock().now, rateLimit: { limit: 1 } });
    const token = await fetchToken(sb);
    const other = await fetchToken(sb, 'sandbox-send-only-app-key');
    expect((await sendByApp(sb, token)).status).toBe(200);
    expect((await sendByApp(sb, token)).status).toBe(403);
    expect((await sendByApp(sb, other)).status).toBe(200);
    const link = await callConvFile(sb, PATHS.sendLink, token, 'union-alice', {
      ...REPORT,
      openConversationId: 'cid-project-group',
    });
    expect(link.status).toBe(200);
  });

  it('honours a custom window length', async () => {
    const clock = manualClock(0);
    const sb = await start({ now: clock.now, rateLimit: { limit: 2, windowMs: 60_000 } });
    const token = await fetchToken(sb);
    await sendByApp(sb, token);
    await sendByApp(sb, token);
    clock.advance(30_000);
    expect((await sendByApp(sb, token)).status).toBe(403);
    clock.advance(30_000);
    expect((await sendByApp(sb, token)).status).toBe(200);
  });

  it('throttles token calls too, before issuing', async () => {
    const sb = await start({ now: manualClock().now, rateLimit: { limit: 1 } });
    await fetchToken(sb);
    const res = await call(sb, PATHS.accessToken, {
      body: { appKey: 'sandbox-app-key', appSecret: 'sandbox-app-secret' },
    });
    expect(res.json.code).toBe('Forbidden.AccessDenied.QpsLimitForAppkeyAndApi');
    expect(sb.stats().tokenFetches).toBe(1);
  });

  it('throttles suites per corp with the suite code', async () => {
    const sb = await start({ now: manualClock().now, rateLimit: { limit: 1 } });
    const corpToken = async () =>
      (
        await call(sb, PATHS.corpAccessToken, {
          body: {
            suiteKey: 'sandbox-suite-key',
            suiteSecret: 'sandbox-suite-secret',
            authCorpId: 'ding-sandbox-corp',
            suiteTicket: 'sandbox-suite-ticket',
          },
        })
      ).json;
    const token = (await corpToken()).accessToken as string;
    expect((await corpToken()).code).toBe('Forbidden.AccessDenied.QpsLimitForSuitekeyAndOrgAndApi');
    await sendByApp(sb, token);
    expect((await sendByApp(sb, token)).json.code).toBe(
      'Forbidden.AccessDenied.QpsLimitForSuitekeyAndOrgAndApi',
    );
    expect(sb.stats().maxPerWindow).toEqual({
      'sandbox-suite-key/ding-sandbox-corp': { GetCorpAccessToken: 1, SendByApp: 1 },
    });
  });

  it('admits everything when switched off, still reporting the peak', async () => {
    const sb = await start({ now: manualClock().now, rateLimit: false });
    const token = await fetchToken(sb);
    const answers = await Promise.all(Array.from({ length: 30 }, () => sendByApp(sb, token)));
    expect(answers.every((res) => res.status === 200)).toBe(true);
    expect(sb.stats().throttled).toBe(0);
    expect(sb.stats().maxPerWindow['sandbox-app-key'].SendByApp).toBe(30);
  });

  it('does not count token calls refused for bad credentials against the app or suite', async () => {
    const sb = await start({ now: manualClock().now, rateLimit: { limit: 1 } });
    const wrongSecret = await call(sb, PATHS.accessToken, {
      body: { appKey: 'sandbox-app-key', appSecret: 'wrong' },
    });
    expect(wrongSecret.json.code).toBe('invalidClientIdOrSecret');
    const right = await call(sb, PATHS.accessToken, {
      body: { appKey: 'sandbox-app-key', appSecret: 'sandbox-app-secret' },
    });
    expect(right.status).toBe(200);

    const suite = {
      suiteKey: 'sandbox-suite-key',
      suiteSecret: 'sandbox-suite-secret',
      authCorpId: 'ding-sandbox-corp',
      suiteTicket: 'sandbox-suite-ticket',
    };
    const staleTicket = await call(sb, PATHS.corpAccessToken, {
      body: { ...suite, suiteTicket: 'stale' },
    });
    expect(staleTicket.json.code).toBe('invalidSuiteTicket');
    expect((await call(sb, PATHS.corpAccessToken, { body: suite })).status).toBe(200);
    expect(sb.stats().throttled).toBe(0);
  });
});
