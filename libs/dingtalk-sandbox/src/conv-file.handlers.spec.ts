import { createDingTalkSandbox, type DingTalkSandbox } from './sandbox.server';
import {
  call,
  callConvFile,
  fetchToken,
  manualClock,
  PATHS,
} from '../testing/sandbox-http.test-helper';

const REPORT = { spaceId: 'space-project', dentryId: 'dentry-report' };
const GROUP = 'cid-project-group';

describe('convFile endpoints', () => {
  let sandbox: DingTalkSandbox;
  let token: string;

  beforeAll(async () => {
    sandbox = await createDingTalkSandbox({
      now: manualClock(Date.parse('2025-06-01T12:00:00Z')).now,
      rateLimit: false,
    });
  });
  beforeEach(async () => {
    sandbox.reset();
    token = await fetchToken(sandbox);
  });
  afterAll(() => sandbox.close());

  describe('successful calls', () => {
    it('SendLink answers the file with uuid and records a delivery by the operator', async () => {
      const res = await callConvFile(sandbox, PATHS.sendLink, token, 'union-alice', {
        ...REPORT,
        openConversationId: GROUP,
      });
      expect(res.status).toBe(200);
      expect(res.json).toEqual({
        file: {
          id: 'dentry-report',
          conversationId: GROUP,
          spaceId: 'space-project',
          parentId: '0',
          type: 'FILE',
          name: 'Q1-report.xlsx',
          size: 25600,
          path: '/Q1-report.xlsx',
          version: 3,
          status: 'NORMAL',
          extension: 'xlsx',
          creatorId: 'union-alice',
          modifierId: 'union-bob',
          createTime: '2024-01-02T10:00:00Z',
          modifiedTime: '2024-02-15T08:30:00Z',
          uuid: expect.stringMatching(/^[0-9a-f-]{36}$/),
        },
      });
      expect(sandbox.deliveries()).toEqual([
        {
          api: 'SendLink',
          appKey: 'sandbox-app-key',
          corpId: 'ding-sandbox-corp',
          unionId: 'union-alice',
          openConversationId: GROUP,
          ...REPORT,
          at: '2025-06-01T12:00:00.000Z',
          requestId: res.headers['x-acs-request-id'],
        },
      ]);
    });

    it('Send answers the file and records a Send delivery', async () => {
      const res = await callConvFile(sandbox, PATHS.send, token, 'union-bob', {
        spaceId: 'space-project',
        dentryId: 'dentry-logo',
        openConversationId: GROUP,
      });
      expect(res.status).toBe(200);
      expect(res.json.file).toMatchObject({
        id: 'dentry-logo',
        parentId: 'dentry-designs',
        path: '/Designs/logo.png',
        conversationId: GROUP,
      });
      expect(sandbox.deliveries().map((d) => [d.api, d.unionId])).toEqual([['Send', 'union-bob']]);
    });

    it('SendLink and Send accept a folder', async () => {
      const body = {
        spaceId: 'space-project',
        dentryId: 'dentry-designs',
        openConversationId: GROUP,
      };
      const link = await callConvFile(sandbox, PATHS.sendLink, token, 'union-alice', body);
      const sent = await callConvFile(sandbox, PATHS.send, token, 'union-alice', body);
      expect([link.json.file.type, sent.json.file.type]).toEqual(['FOLDER', 'FOLDER']);
    });

    it('SendByApp answers the file without uuid, in the app-to-user chat, and records the recipient', async () => {
      const ok = await callConvFile(sandbox, PATHS.sendByApp, token, 'union-alice', REPORT);
      expect(ok.status).toBe(200);
      expect(ok.json.file).not.toHaveProperty('uuid');
      expect(ok.json.file).toMatchObject({ id: 'dentry-report', size: 25600, version: 3 });
      // "cid" and 24 base64url characters of a digest of the app and the user.
      expect(ok.json.file.conversationId).toMatch(/^cid[A-Za-z0-9_-]{24}$/);
      const again = await callConvFile(sandbox, PATHS.sendByApp, token, 'union-alice', REPORT);
      expect(again.json.file.conversationId).toBe(ok.json.file.conversationId);
      const delivery = sandbox.deliveries()[0];
      expect(delivery).toMatchObject({ api: 'SendByApp', unionId: 'union-alice', ...REPORT });
      expect(delivery).not.toHaveProperty('openConversationId');
      expect(sandbox.deliveries()).toHaveLength(2);
    });

    it('GetSpace answers the group space', async () => {
      const res = await callConvFile(sandbox, PATHS.getSpace, token, 'union-bob', {
        openConversationId: GROUP,
      });
      expect(res.status).toBe(200);
      expect(res.json).toEqual({
        space: {
          spaceId: 'space-project',
          corpId: 'ding-sandbox-corp',
          createTime: '2024-01-01T09:00:00Z',
          modifiedTime: '2024-03-01T09:00:00Z',
        },
      });
      expect(sandbox.deliveries()).toEqual([]);
    });

    it('serves a suite corp token like an app token', async () => {
      const corp = await call(sandbox, PATHS.corpAccessToken, {
        body: {
          suiteKey: 'sandbox-suite-key',
          suiteSecret: 'sandbox-suite-secret',
          authCorpId: 'ding-sandbox-corp',
          suiteTicket: 'sandbox-suite-ticket',
        },
      });
      const res = await callConvFile(
        sandbox,
        PATHS.sendByApp,
        corp.json.accessToken,
        'union-dave',
        {
          spaceId: 'space-hr',
          dentryId: 'dentry-handbook',
        },
      );
      expect(res.status).toBe(200);
      expect(sandbox.deliveries()[0]).toMatchObject({
        appKey: 'sandbox-suite-key',
        corpId: 'ding-sandbox-corp',
      });
    });
  });

  describe('authentication and scopes', () => {
    it('answers 400 AuthenticationFailed.MissingParameter without a token header', async () => {
      for (const missing of [undefined, ' ']) {
        const res = await callConvFile(sandbox, PATHS.sendByApp, missing, 'union-alice', REPORT);
        expect(res.status).toBe(400);
        expect(res.json.code).toBe('AuthenticationFailed.MissingParameter');
      }
    });

    it('answers 400 InvalidAuthentication for an unknown token, and for all tokens after reset', async () => {
      const unknown = await callConvFile(
        sandbox,
        PATHS.sendByApp,
        'f'.repeat(32),
        'union-alice',
        REPORT,
      );
      expect(unknown.status).toBe(400);
      expect(unknown.json.code).toBe('InvalidAuthentication');
      sandbox.reset();
      const stale = await callConvFile(sandbox, PATHS.sendByApp, token, 'union-alice', REPORT);
      expect(stale.json.code).toBe('InvalidAuthentication');
      expect(sandbox.deliveries()).toEqual([]);
    });

    it.each([
      ['sandbox-read-only-app-key', PATHS.sendByApp, REPORT, 'ConvFile.File.Send'],
      [
        'sandbox-read-only-app-key',
        PATHS.sendLink,
        { ...REPORT, openConversationId: GROUP },
        'ConvFile.File.Send',
      ],
      [
        'sandbox-read-only-app-key',
        PATHS.send,
        { ...REPORT, openConversationId: GROUP },
        'ConvFile.File.Send',
      ],
      [
        'sandbox-send-only-app-key',
        PATHS.getSpace,
        { openConversationId: GROUP },
        'ConvFile.Space.Read',
      ],
    ])('answers 403 AccessTokenPermissionDenied to %s on %s', async (appKey, path, body, scope) => {
      const appToken = await fetchToken(sandbox, appKey);
      const res = await callConvFile(sandbox, path, appToken, 'union-alice', body);
      expect(res.status).toBe(403);
      expect(res.json).toEqual({
        code: 'Forbidden.AccessDenied.AccessTokenPermissionDenied',
        message: expect.stringContaining(scope),
        requestid: res.headers['x-acs-request-id'],
        accessdenieddetail: { requiredScopes: [scope] },
      });
      expect(sandbox.deliveries()).toEqual([]);
    });
  });

  describe('parameter errors', () => {
    const full = { ...REPORT, openConversationId: GROUP };
    it.each([
      ['no unionId', PATHS.sendLink, undefined, full, 'paramError'],
      ['a blank unionId', PATHS.sendByApp, ' ', REPORT, 'paramError'],
      [
        'no spaceId',
        PATHS.sendLink,
        'union-alice',
        { ...full, spaceId: undefined },
        'paramError.spaceId',
      ],
      [
        'a blank dentryId',
        PATHS.send,
        'union-alice',
        { ...full, dentryId: '' },
        'paramError.dentryId',
      ],
      [
        'a numeric dentryId',
        PATHS.sendByApp,
        'union-alice',
        { ...REPORT, dentryId: 5 },
        'paramError.dentryId',
      ],
      ['no openConversationId', PATHS.sendLink, 'union-alice', REPORT, 'paramError.conversationId'],
      ['no openConversationId', PATHS.getSpace, 'union-alice', {}, 'paramError.conversationId'],
      ['no body', PATHS.sendByApp, 'union-alice', undefined, 'paramError.spaceId'],
      ['a malformed body', PATHS.send, 'union-alice', '{"spaceId"', 'paramError'],
    ])('answers 400 for %s on %s', async (_name, path, unionId, body, code) => {
      const res = await callConvFile(sandbox, path, token, unionId, body);
      expect(res.status).toBe(400);
      expect(res.json.code).toBe(code);
      expect(sandbox.deliveries()).toEqual([]);
    });
  });

  describe('missing targets and permissions', () => {
    const link = (unionId: string, body: object) =>
      callConvFile(sandbox, PATHS.sendLink, token, unionId, {
        ...REPORT,
        openConversationId: GROUP,
        ...body,
      });

    it.each([
      ['an unknown group', { openConversationId: 'cid-nope' }, 404, 'conversationNotExist'],
      [
        "another corp's group",
        { openConversationId: 'cid-other-group' },
        404,
        'conversationNotExist',
      ],
      ['an unknown space', { spaceId: 'space-nope' }, 404, 'spaceNotExist'],
      ["another corp's space", { spaceId: 'space-other' }, 404, 'spaceNotExist'],
      ['an unknown dentry', { dentryId: 'dentry-nope' }, 404, 'dentryNotExist'],
      ['a deleted file', { dentryId: 'dentry-deleted' }, 404, 'dentryNotExist'],
      ['an expired file', { dentryId: 'dentry-expired' }, 404, 'dentryNotExist'],
      [
        'a space the operator cannot read',
        { spaceId: 'space-hr', dentryId: 'dentry-handbook' },
        403,
        'permissionDenied',
      ],
    ])('SendLink to %s answers %i %s', async (_name, change, status, code) => {
      const res = await link('union-alice', change);
      expect([res.status, res.json.code]).toEqual([status, code]);
      expect(sandbox.deliveries()).toEqual([]);
    });

    it('says whether a dentry is deleted or expired, in lower case', async () => {
      expect((await link('union-alice', { dentryId: 'dentry-deleted' })).json.message).toMatch(
        / is deleted\.$/,
      );
      expect((await link('union-alice', { dentryId: 'dentry-expired' })).json.message).toMatch(
        / is expired\.$/,
      );
    });

    it.each([
      ['an unknown group', 'cid-nope'],
      ["another corp's group", 'cid-other-group'],
    ])('GetSpace of %s answers 404 conversationNotExist', async (_name, openConversationId) => {
      const res = await callConvFile(sandbox, PATHS.getSpace, token, 'union-alice', {
        openConversationId,
      });
      expect([res.status, res.json.code]).toEqual([404, 'conversationNotExist']);
      expect(res.json.message).toBe(`Conversation ${openConversationId} does not exist.`);
      expect(res.json).not.toHaveProperty('space');
    });

    it('answers 403 permissionDenied when the operator is not a group member (SendLink, Send, GetSpace)', async () => {
      const body = { ...REPORT, openConversationId: GROUP };
      const answers = await Promise.all([
        callConvFile(sandbox, PATHS.sendLink, token, 'union-carol', body),
        callConvFile(sandbox, PATHS.send, token, 'union-carol', body),
        callConvFile(sandbox, PATHS.getSpace, token, 'union-carol', { openConversationId: GROUP }),
      ]);
      expect(answers.map((res) => [res.status, res.json.code])).toEqual([
        [403, 'permissionDenied'],
        [403, 'permissionDenied'],
        [403, 'permissionDenied'],
      ]);
    });

    it.each([
      ['a recipient who cannot read the space', 'union-dave', REPORT, 400, 'permissionDenied'],
      [
        'a folder',
        'union-alice',
        { ...REPORT, dentryId: 'dentry-designs' },
        400,
        'paramError.dentryId',
      ],
      ['an unknown recipient', 'union-nobody', REPORT, 400, 'paramError'],
      ['a recipient of another corp', 'union-erin', REPORT, 400, 'paramError'],
      [
        'an expired file',
        'union-alice',
        { ...REPORT, dentryId: 'dentry-expired' },
        404,
        'dentryNotExist',
      ],
      [
        'an unknown space',
        'union-alice',
        { ...REPORT, spaceId: 'space-nope' },
        404,
        'spaceNotExist',
      ],
    ])('SendByApp of %s answers %i %s', async (_name, unionId, body, status, code) => {
      const res = await callConvFile(sandbox, PATHS.sendByApp, token, unionId, body);
      expect([res.status, res.json.code]).toEqual([status, code]);
      expect(sandbox.deliveries()).toEqual([]);
    });
  });

  describe('protocol', () => {
    it('puts a fresh request id in a header and in every error body', async () => {
      const a = await callConvFile(sandbox, PATHS.sendByApp, 'bad', 'union-alice', REPORT);
      const b = await callConvFile(sandbox, PATHS.sendByApp, 'bad', 'union-alice', REPORT);
      const ok = await callConvFile(sandbox, PATHS.sendByApp, token, 'union-alice', REPORT);
      expect(a.json.requestid).toBe(a.headers['x-acs-request-id']);
      expect(a.json.requestid).toMatch(/^[0-9A-F-]{36}$/);
      expect(
        new Set([a.json.requestid, b.json.requestid, ok.headers['x-acs-request-id']]).size,
      ).toBe(3);
      expect(ok.headers['content-type']).toBe('application/json;charset=utf-8');
    });

    it.each([
      ['an unknown path', 'POST', '/v1.0/convFile/nope'],
      ['a known path with GET', 'GET', PATHS.sendByApp],
      ['the root', 'GET', '/'],
    ])('answers 404 InvalidAction.NotFound to %s', async (_name, method, path) => {
      const res = await call(sandbox, path, { method });
      expect(res.status).toBe(404);
      expect(res.json).toMatchObject({
        code: 'InvalidAction.NotFound',
        requestid: expect.any(String),
      });
    });

    it('tolerates the extra headers official clients send', async () => {
      const res = await call(sandbox, `${PATHS.sendByApp}?unionId=union-alice`, {
        body: REPORT,
        headers: {
          'x-acs-dingtalk-access-token': token,
          'x-acs-action': 'SendByApp',
          'x-acs-version': 'convFile_1.0',
          'user-agent': 'AlibabaCloud (linux; x64) Node.js/v20 Core/1.0.1 TeaDSL/1',
          accept: 'application/json',
          'content-type': 'application/json; charset=utf-8',
        },
      });
      expect(res.status).toBe(200);
    });

    it('refuses a body that is not declared JSON with 400 paramError, delivering nothing', async () => {
      const res = await call(sandbox, `${PATHS.sendByApp}?unionId=union-alice`, {
        body: JSON.stringify(REPORT),
        headers: { 'x-acs-dingtalk-access-token': token, 'content-type': 'text/plain' },
      });
      expect([res.status, res.json.code]).toEqual([400, 'paramError']);
      expect(res.json.message).toContain('content-type: application/json');
      expect(sandbox.deliveries()).toEqual([]);
    });

    it('counts calls per API whatever their outcome', async () => {
      await callConvFile(sandbox, PATHS.sendByApp, token, 'union-alice', REPORT);
      await callConvFile(sandbox, PATHS.sendByApp, 'bad', 'union-alice', REPORT);
      await callConvFile(sandbox, PATHS.getSpace, token, 'union-alice', {
        openConversationId: GROUP,
      });
      expect(sandbox.stats().requests).toEqual({
        GetAccessToken: 1,
        GetCorpAccessToken: 0,
        SendLink: 0,
        SendByApp: 2,
        Send: 0,
        GetSpace: 1,
      });
    });
  });
});
