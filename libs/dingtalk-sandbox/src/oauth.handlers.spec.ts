import { createDingTalkSandbox } from './sandbox.server';
import type { DingTalkSandbox } from './sandbox.server';
import { call, callConvFile, manualClock, PATHS } from '../testing/sandbox-http.test-helper';

const APP = { appKey: 'sandbox-app-key', appSecret: 'sandbox-app-secret' };
const SUITE = {
  suiteKey: 'sandbox-suite-key',
  suiteSecret: 'sandbox-suite-secret',
  authCorpId: 'ding-sandbox-corp',
  suiteTicket: 'sandbox-suite-ticket',
};
const HOUR = 3600 * 1000;

describe('oauth2 token endpoints', () => {
  let sandbox: DingTalkSandbox;
  let clock: ReturnType<typeof manualClock>;

  beforeEach(async () => {
    clock = manualClock();
    sandbox = await createDingTalkSandbox({ now: clock.now });
  });
  afterEach(() => sandbox.close());

  const getSpace = (token: string) =>
    callConvFile(sandbox, PATHS.getSpace, token, 'union-alice', {
      openConversationId: 'cid-project-group',
    });

  describe('POST /v1.0/oauth2/accessToken', () => {
    it('answers { accessToken, expireIn } with expireIn in seconds', async () => {
      const res = await call(sandbox, PATHS.accessToken, { body: APP });
      expect(res.status).toBe(200);
      expect(res.json).toEqual({
        accessToken: expect.stringMatching(/^[0-9a-f]{32}$/),
        expireIn: 7200,
      });
      expect((await getSpace(res.json.accessToken)).status).toBe(200);
    });

    it('returns the same token while it is valid, and extends it', async () => {
      const first = await call(sandbox, PATHS.accessToken, { body: APP });
      clock.advance(1.5 * HOUR);
      const second = await call(sandbox, PATHS.accessToken, { body: APP });
      expect(second.json.accessToken).toBe(first.json.accessToken);
      expect(second.json.expireIn).toBe(7200);
      // Valid 2 h after the second fetch, i.e. past the first fetch's 2 h.
      clock.advance(2 * HOUR - 1000);
      expect((await getSpace(first.json.accessToken)).status).toBe(200);
    });

    it('expires a token after expireIn and then issues a new one', async () => {
      const first = await call(sandbox, PATHS.accessToken, { body: APP });
      clock.advance(2 * HOUR - 1);
      expect((await getSpace(first.json.accessToken)).status).toBe(200);
      clock.advance(1);
      const expired = await getSpace(first.json.accessToken);
      expect(expired.status).toBe(400);
      expect(expired.json.code).toBe('InvalidAuthentication');
      const next = await call(sandbox, PATHS.accessToken, { body: APP });
      expect(next.json.accessToken).not.toBe(first.json.accessToken);
    });

    it('refuses bad credentials with invalidClientIdOrSecret', async () => {
      for (const body of [
        { ...APP, appSecret: 'wrong' },
        { appKey: 'unknown', appSecret: 'sandbox-app-secret' },
      ]) {
        const res = await call(sandbox, PATHS.accessToken, { body });
        expect(res.status).toBe(400);
        expect(res.json).toMatchObject({ code: 'invalidClientIdOrSecret' });
      }
      expect(sandbox.stats().tokenFetches).toBe(0);
    });

    it.each([
      [{ appSecret: 'x' }, 'appKey'],
      [{ appKey: 'sandbox-app-key', appSecret: '  ' }, 'appSecret'],
      [{ appKey: 7, appSecret: 'x' }, 'appKey'],
    ])('answers 400 paramError naming the field for %j', async (body, field) => {
      const res = await call(sandbox, PATHS.accessToken, { body });
      expect([res.status, res.json.code]).toEqual([400, 'paramError']);
      expect(res.json.message).toBe(`${field} is required and must be a non-blank string.`);
    });

    it('answers 400 paramError for a body that is not a JSON object', async () => {
      for (const body of ['{"appKey":', '[1]']) {
        const res = await call(sandbox, PATHS.accessToken, { body });
        expect([res.status, res.json.code]).toEqual([400, 'paramError']);
        expect(res.json.message).toBe('The request body must be a JSON object.');
      }
    });

    it.each(['application/x-www-form-urlencoded', 'text/plain'])(
      'refuses a body sent as %s with 400 paramError, issuing nothing',
      async (contentType) => {
        const body =
          contentType === 'text/plain' ? JSON.stringify(APP) : new URLSearchParams(APP).toString();
        const res = await call(sandbox, PATHS.accessToken, {
          body,
          headers: { 'content-type': contentType },
        });
        expect([res.status, res.json.code]).toEqual([400, 'paramError']);
        expect(res.json.message).toContain('content-type: application/json');
        expect(sandbox.stats().tokenFetches).toBe(0);
      },
    );

    it('refuses a body with a blank content-type, but reads an empty body as "every field missing"', async () => {
      const undeclared = await call(sandbox, PATHS.accessToken, {
        body: JSON.stringify(APP),
        headers: { 'content-type': '' },
      });
      expect(undeclared.json.message).toContain('content-type: application/json');
      const empty = await call(sandbox, PATHS.accessToken);
      expect([empty.status, empty.json.code, empty.json.message]).toEqual([
        400,
        'paramError',
        'appKey is required and must be a non-blank string.',
      ]);
    });

    it.each([
      'application/json; charset=utf-8',
      'Application/JSON',
      'application/merge-patch+json',
    ])('accepts a JSON body sent as %s', async (contentType) => {
      const res = await call(sandbox, PATHS.accessToken, {
        body: APP,
        headers: { 'content-type': contentType },
      });
      expect(res.status).toBe(200);
    });

    it('uses the configured lifetime', async () => {
      const short = await createDingTalkSandbox({ now: clock.now, tokenExpireInSeconds: 60 });
      try {
        const res = await call(short, PATHS.accessToken, { body: APP });
        expect(res.json.expireIn).toBe(60);
        clock.advance(60_000);
        const after = await callConvFile(
          short,
          PATHS.getSpace,
          res.json.accessToken,
          'union-alice',
          {
            openConversationId: 'cid-project-group',
          },
        );
        expect(after.json.code).toBe('InvalidAuthentication');
      } finally {
        await short.close();
      }
    });
  });

  describe('POST /v1.0/oauth2/corpAccessToken', () => {
    it('issues a new token on every call, all of them valid', async () => {
      const first = await call(sandbox, PATHS.corpAccessToken, { body: SUITE });
      const second = await call(sandbox, PATHS.corpAccessToken, { body: SUITE });
      expect(first.status).toBe(200);
      expect(first.json.expireIn).toBe(7200);
      expect(second.json.accessToken).not.toBe(first.json.accessToken);
      expect((await getSpace(first.json.accessToken)).status).toBe(200);
      expect((await getSpace(second.json.accessToken)).status).toBe(200);
      expect(sandbox.stats().tokenFetches).toBe(2);
    });

    it.each([
      [{ suiteSecret: 'wrong' }, 'invalidSuiteKey'],
      [{ suiteKey: 'unknown' }, 'invalidSuiteKey'],
      [{ suiteTicket: 'stale' }, 'invalidSuiteTicket'],
      [{ authCorpId: 'ding-other-corp' }, 'invalidAuthInfo'],
      [{ authCorpId: '' }, 'paramError'],
      [{ suiteTicket: undefined }, 'paramError'],
    ])('refuses %j with 400 %s', async (change, code) => {
      const res = await call(sandbox, PATHS.corpAccessToken, { body: { ...SUITE, ...change } });
      expect(res.status).toBe(400);
      expect(res.json.code).toBe(code);
    });

    it('accepts only the current ticket after rotation', async () => {
      sandbox.world.setSuiteTicket('sandbox-suite-key', 'ticket-2');
      const old = await call(sandbox, PATHS.corpAccessToken, { body: SUITE });
      expect(old.json.code).toBe('invalidSuiteTicket');
      const fresh = await call(sandbox, PATHS.corpAccessToken, {
        body: { ...SUITE, suiteTicket: 'ticket-2' },
      });
      expect(fresh.status).toBe(200);
    });
  });

  it('counts issued tokens and every token call', async () => {
    await call(sandbox, PATHS.accessToken, { body: APP });
    await call(sandbox, PATHS.accessToken, { body: APP });
    await call(sandbox, PATHS.accessToken, { body: { ...APP, appSecret: 'x' } });
    await call(sandbox, PATHS.corpAccessToken, { body: SUITE });
    expect(sandbox.stats()).toMatchObject({
      tokenFetches: 3,
      requests: { GetAccessToken: 3, GetCorpAccessToken: 1 },
    });
  });
});
