import * as $OpenApi from '@alicloud/openapi-client';
import { RuntimeOptions } from '@alicloud/tea-util';
// The typed modules behind `require('@alicloud/dingtalk/conv_file_1_0')` and `.../oauth2_1_0`.
import ConvFileClient, * as $ConvFile from '@alicloud/dingtalk/dist/conv_file_1_0/client';
import OAuthClient, * as $OAuth from '@alicloud/dingtalk/dist/oauth2_1_0/client';
import { createDingTalkSandbox, type DingTalkSandbox } from './sandbox.server';

/**
 * The official DingTalk SDK, pointed at the sandbox, must see DingTalk: same paths, query, headers
 * and bodies going out, answers it can parse coming back, and errors surfacing with their code.
 */
describe('conformance with the official @alicloud/dingtalk client', () => {
  let sandbox: DingTalkSandbox;
  let convFile: ConvFileClient;
  let oauth: OAuthClient;
  let headers: { xAcsDingtalkAccessToken: string };
  const runtime = new RuntimeOptions({});

  beforeAll(async () => {
    sandbox = await createDingTalkSandbox({ rateLimit: false });
    const config = () =>
      new $OpenApi.Config({ endpoint: new URL(sandbox.url).host, protocol: 'http' });
    convFile = new ConvFileClient(config());
    oauth = new OAuthClient(config());
    const token = await oauth.getAccessTokenWithOptions(
      new $OAuth.GetAccessTokenRequest({
        appKey: 'sandbox-app-key',
        appSecret: 'sandbox-app-secret',
      }),
      {},
      runtime,
    );
    expect(token.statusCode).toBe(200);
    expect(token.body?.expireIn).toBe(7200);
    headers = { xAcsDingtalkAccessToken: token.body?.accessToken ?? '' };
  });
  afterAll(() => sandbox.close());

  it('getCorpAccessTokenWithOptions gets a suite token', async () => {
    const res = await oauth.getCorpAccessTokenWithOptions(
      new $OAuth.GetCorpAccessTokenRequest({
        suiteKey: 'sandbox-suite-key',
        suiteSecret: 'sandbox-suite-secret',
        authCorpId: 'ding-sandbox-corp',
        suiteTicket: 'sandbox-suite-ticket',
      }),
      {},
      runtime,
    );
    expect(res.body?.accessToken).toMatch(/^[0-9a-f]{32}$/);
  });

  it('sendLinkWithOptions sends a link and parses the file', async () => {
    const res = await convFile.sendLinkWithOptions(
      new $ConvFile.SendLinkRequest({
        unionId: 'union-alice',
        spaceId: 'space-project',
        dentryId: 'dentry-report',
        openConversationId: 'cid-project-group',
      }),
      new $ConvFile.SendLinkHeaders(headers),
      runtime,
    );
    expect(res.statusCode).toBe(200);
    expect(res.headers?.['x-acs-request-id']).toMatch(/^[0-9A-F-]{36}$/);
    expect(res.body?.file).toMatchObject({ id: 'dentry-report', size: 25600, version: 3 });
    expect(typeof res.body?.file?.size).toBe('number');
    expect(res.body?.file?.uuid).toEqual(expect.any(String));
  });

  it('sendByAppWithOptions sends to the recipient, without uuid', async () => {
    const before = sandbox.deliveries().length;
    const res = await convFile.sendByAppWithOptions(
      new $ConvFile.SendByAppRequest({
        unionId: 'union-bob',
        spaceId: 'space-project',
        dentryId: 'dentry-logo',
      }),
      new $ConvFile.SendByAppHeaders(headers),
      runtime,
    );
    expect(res.body?.file).toMatchObject({ name: 'logo.png', type: 'FILE', status: 'NORMAL' });
    expect(res.body?.file?.uuid).toBeUndefined();
    expect(sandbox.deliveries().slice(before)).toMatchObject([
      { api: 'SendByApp', unionId: 'union-bob', dentryId: 'dentry-logo' },
    ]);
  });

  it('sendWithOptions sends the file into the group', async () => {
    const res = await convFile.sendWithOptions(
      new $ConvFile.SendRequest({
        unionId: 'union-bob',
        spaceId: 'space-project',
        dentryId: 'dentry-report',
        openConversationId: 'cid-project-group',
      }),
      new $ConvFile.SendHeaders(headers),
      runtime,
    );
    expect(res.body?.file?.conversationId).toBe('cid-project-group');
    expect(typeof res.body?.file?.version).toBe('number');
  });

  it('getSpaceWithOptions reads the group space', async () => {
    const res = await convFile.getSpaceWithOptions(
      new $ConvFile.GetSpaceRequest({
        unionId: 'union-alice',
        openConversationId: 'cid-project-group',
      }),
      new $ConvFile.GetSpaceHeaders(headers),
      runtime,
    );
    expect(res.body?.space).toEqual({
      spaceId: 'space-project',
      corpId: 'ding-sandbox-corp',
      createTime: '2024-01-01T09:00:00Z',
      modifiedTime: '2024-03-01T09:00:00Z',
    });
  });

  it('surfaces an error answer with its code, status and request id', async () => {
    const failure = convFile.sendByAppWithOptions(
      new $ConvFile.SendByAppRequest({
        unionId: 'union-alice',
        spaceId: 'space-nope',
        dentryId: 'dentry-report',
      }),
      new $ConvFile.SendByAppHeaders(headers),
      runtime,
    );
    await expect(failure).rejects.toMatchObject({
      code: 'spaceNotExist',
      data: { statusCode: 404, code: 'spaceNotExist', requestid: expect.any(String) },
    });
  });

  it('surfaces the required scope of a permission error', async () => {
    const token = await oauth.getAccessTokenWithOptions(
      new $OAuth.GetAccessTokenRequest({
        appKey: 'sandbox-send-only-app-key',
        appSecret: 'sandbox-send-only-app-secret',
      }),
      {},
      runtime,
    );
    const failure = convFile.getSpaceWithOptions(
      new $ConvFile.GetSpaceRequest({
        unionId: 'union-alice',
        openConversationId: 'cid-project-group',
      }),
      new $ConvFile.GetSpaceHeaders({ xAcsDingtalkAccessToken: token.body?.accessToken }),
      runtime,
    );
    await expect(failure).rejects.toMatchObject({
      code: 'Forbidden.AccessDenied.AccessTokenPermissionDenied',
      accessDeniedDetail: { requiredScopes: ['ConvFile.Space.Read'] },
    });
  });

  it('surfaces a bad credential on the token endpoint', async () => {
    const failure = oauth.getAccessTokenWithOptions(
      new $OAuth.GetAccessTokenRequest({ appKey: 'sandbox-app-key', appSecret: 'wrong' }),
      {},
      runtime,
    );
    await expect(failure).rejects.toMatchObject({ code: 'invalidClientIdOrSecret' });
  });
});
