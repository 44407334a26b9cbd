import { createDingTalkSandbox, type DingTalkSandbox } from './sandbox.server';
import {
  call,
  callConvFile,
  fetchCorpToken,
  fetchToken,
  manualClock,
  PATHS,
} from '../testing/sandbox-http.test-helper';
import { twoCorpWorld } from '../testing/two-corps.test-world';

describe("revoking and restoring a corp's authorization of a suite", () => {
  let sandbox: DingTalkSandbox;

  beforeEach(async () => {
    sandbox = await createDingTalkSandbox({ world: twoCorpWorld(), now: manualClock().now });
  });
  afterEach(() => sandbox.close());

  const corpToken = (corpId: string) =>
    call(sandbox, PATHS.corpAccessToken, {
      body: {
        suiteKey: 'suite-x',
        suiteSecret: 'suite-x-secret',
        authCorpId: corpId,
        suiteTicket: 'suite-x-ticket',
      },
    });
  const getSpace = (token: string, corp: 'a' | 'b') =>
    callConvFile(sandbox, PATHS.getSpace, token, corp === 'a' ? 'union-ann' : 'union-ben', {
      openConversationId: `cid-${corp}`,
    });
  const admin = (route: string, method = 'POST') =>
    call(sandbox, `/__sandbox/${route}`, { method });

  it('refuses new and already issued corp tokens of the revoked corp only', async () => {
    const xa = await fetchCorpToken(sandbox, 'suite-x', 'corp-a');
    const xb = await fetchCorpToken(sandbox, 'suite-x', 'corp-b');
    const ya = await fetchCorpToken(sandbox, 'suite-y', 'corp-a');
    const appA = await fetchToken(sandbox, 'app-a');

    sandbox.revokeAuthorization('suite-x', 'corp-a');

    const refusedFetch = await corpToken('corp-a');
    expect([refusedFetch.status, refusedFetch.json.code]).toEqual([400, 'invalidAuthInfo']);
    const refusedCall = await getSpace(xa, 'a');
    expect(refusedCall.status).toBe(400);
    expect(refusedCall.json).toMatchObject({
      code: 'InvalidAuthentication',
      message: 'The access token is invalid: corp corp-a no longer authorizes suite suite-x.',
    });
    // The same suite in another corp, another suite in the same corp, the corp's own app: unaffected.
    expect((await getSpace(xb, 'b')).status).toBe(200);
    expect((await corpToken('corp-b')).status).toBe(200);
    expect((await getSpace(ya, 'a')).status).toBe(200);
    expect((await getSpace(appA, 'a')).status).toBe(200);
    expect(sandbox.world.suite('suite-x')?.authorizedCorpIds).toEqual(['corp-b']);
    expect(sandbox.stats().callsBy['suite:suite-x/corp-a']).toBeUndefined();
  });

  it('issues working tokens again once restored, but never revives the tokens issued before', async () => {
    const before = await fetchCorpToken(sandbox, 'suite-x', 'corp-a');
    sandbox.revokeAuthorization('suite-x', 'corp-a');
    sandbox.restoreAuthorization('suite-x', 'corp-a');
    const after = await fetchCorpToken(sandbox, 'suite-x', 'corp-a');
    expect((await getSpace(after, 'a')).status).toBe(200);
    expect((await getSpace(before, 'a')).json.code).toBe('InvalidAuthentication');
    expect(sandbox.world.suite('suite-x')?.authorizedCorpIds).toEqual(['corp-b', 'corp-a']);
  });

  it('does nothing when the corp is already in that state', async () => {
    const token = await fetchCorpToken(sandbox, 'suite-x', 'corp-a');
    sandbox.restoreAuthorization('suite-x', 'corp-a');
    expect((await getSpace(token, 'a')).status).toBe(200);
    expect(sandbox.world.suite('suite-x')?.authorizedCorpIds).toEqual(['corp-a', 'corp-b']);
    sandbox.revokeAuthorization('suite-y', 'corp-b');
    expect(sandbox.world.suite('suite-y')?.authorizedCorpIds).toEqual(['corp-a']);
  });

  it('lets a corp authorize a suite it never had (installing it)', async () => {
    const before = await call(sandbox, PATHS.corpAccessToken, {
      body: {
        suiteKey: 'suite-y',
        suiteSecret: 'suite-y-secret',
        authCorpId: 'corp-b',
        suiteTicket: 'suite-y-ticket',
      },
    });
    expect(before.json.code).toBe('invalidAuthInfo');
    sandbox.restoreAuthorization('suite-y', 'corp-b');
    const token = await fetchCorpToken(sandbox, 'suite-y', 'corp-b');
    const space = await getSpace(token, 'b');
    expect(space.json.space.corpId).toBe('corp-b');
  });

  it('names an unknown suite or a blank corp', () => {
    expect(() => sandbox.revokeAuthorization('suite-z', 'corp-a')).toThrow(
      'revokeAuthorization("suite-z", "corp-a"): no such suite',
    );
    expect(() => sandbox.restoreAuthorization('suite-x', ' ')).toThrow(
      'restoreAuthorization("suite-x", " "): corpId must be a non-blank string',
    );
    expect(sandbox.world.suite('suite-x')?.authorizedCorpIds).toEqual(['corp-a', 'corp-b']);
  });

  describe('admin routes', () => {
    it('POST suites/{suiteKey}/corps/{corpId}/revoke and /authorize', async () => {
      const token = await fetchCorpToken(sandbox, 'suite-x', 'corp-b');
      const revoked = await admin('suites/suite-x/corps/corp-b/revoke');
      expect([revoked.status, revoked.json]).toEqual([
        200,
        { suiteKey: 'suite-x', corpId: 'corp-b', authorized: false },
      ]);
      expect((await getSpace(token, 'b')).json.code).toBe('InvalidAuthentication');
      expect((await corpToken('corp-b')).json.code).toBe('invalidAuthInfo');
      const restored = await admin('suites/suite-x/corps/corp-b/authorize');
      expect([restored.status, restored.json]).toEqual([
        200,
        { suiteKey: 'suite-x', corpId: 'corp-b', authorized: true },
      ]);
      expect((await corpToken('corp-b')).status).toBe(200);
    });

    it('decodes percent-encoded keys', async () => {
      const res = await admin(`suites/suite-x/corps/${encodeURIComponent('corp c/1')}/authorize`);
      expect(res.json.corpId).toBe('corp c/1');
      expect(sandbox.world.suite('suite-x')?.authorizedCorpIds).toContain('corp c/1');
    });

    it.each([
      ['an unknown suite', 'suites/suite-z/corps/corp-a/revoke', 'no such suite'],
      ['a blank corp', 'suites/suite-x/corps/%20/authorize', 'corpId must be a non-blank string'],
      ['bad percent-encoding', 'suites/suite-x/corps/%E0%A4%A/revoke', 'URI'],
    ])('answers 400 Sandbox.BadRequest for %s', async (_name, route, reason) => {
      const res = await admin(route);
      expect([res.status, res.json.code]).toEqual([400, 'Sandbox.BadRequest']);
      expect(res.json.message).toContain(reason);
      expect(sandbox.world.suite('suite-x')?.authorizedCorpIds).toEqual(['corp-a', 'corp-b']);
    });

    it.each([
      ['GET', 'suites/suite-x/corps/corp-a/revoke'],
      ['POST', 'suites/suite-x/corps/corp-a/uninstall'],
      ['POST', 'suites/suite-x/corps/corp-a/revoke/now'],
    ])('answers 404 for %s %s', async (method, route) => {
      const res = await admin(route, method);
      expect([res.status, res.json.code]).toEqual([404, 'InvalidAction.NotFound']);
      expect(sandbox.world.suite('suite-x')?.authorizedCorpIds).toEqual(['corp-a', 'corp-b']);
    });
  });
});
