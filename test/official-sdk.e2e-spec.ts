import {
  startTestApp,
  TEST_API_KEY,
  watchSandbox,
  WORLD,
  type TestApp,
} from './support/sample-app.test-helper';

// The official generated client (devDependency only), pointed at this app instead of DingTalk.
/* eslint-disable @typescript-eslint/no-require-imports */
const ConvFile = require('@alicloud/dingtalk/conv_file_1_0');
const { Config } = require('@alicloud/openapi-client');
const { RuntimeOptions } = require('@alicloud/tea-util');
/* eslint-enable @typescript-eslint/no-require-imports */

describe('the official @alicloud/dingtalk client, with this app as its endpoint', () => {
  let t: TestApp;
  let client: any;

  beforeAll(async () => {
    t = await startTestApp();
    client = new ConvFile.default(
      new Config({ endpoint: t.url.replace('http://', ''), protocol: 'http' }),
    );
  });
  afterAll(async () => t.close());

  /** The SDK writes the token into commonHeaders, so each call gets a fresh object. */
  const headers = (name: string) =>
    new ConvFile[`${name}Headers`]({
      commonHeaders: { 'x-api-key': TEST_API_KEY },
      // Any string: the app ignores the inbound token and uses its own.
      xAcsDingtalkAccessToken: 'not-a-dingtalk-token',
    });
  const runtime = () => new RuntimeOptions({});

  it('makes all four calls', async () => {
    const sandbox = watchSandbox(t.sandbox);
    const file = { spaceId: WORLD.space, dentryId: WORLD.file };
    const inGroup = { ...file, openConversationId: WORLD.group, unionId: WORLD.member };

    const sendLink = await client.sendLinkWithOptions(
      new ConvFile.SendLinkRequest(inGroup),
      headers('SendLink'),
      runtime(),
    );
    const sendByApp = await client.sendByAppWithOptions(
      new ConvFile.SendByAppRequest({ ...file, unionId: WORLD.otherMember }),
      headers('SendByApp'),
      runtime(),
    );
    const send = await client.sendWithOptions(
      new ConvFile.SendRequest(inGroup),
      headers('Send'),
      runtime(),
    );
    const getSpace = await client.getSpaceWithOptions(
      new ConvFile.GetSpaceRequest({ openConversationId: WORLD.group, unionId: WORLD.member }),
      headers('GetSpace'),
      runtime(),
    );

    expect(sendLink.statusCode).toBe(200);
    expect(sendLink.body.file).toMatchObject({ id: WORLD.file, conversationId: WORLD.group });
    expect(sendByApp.body.file).toMatchObject({ id: WORLD.file, size: 25600 });
    expect(send.body.file).toMatchObject({ id: WORLD.file, version: 3 });
    expect(getSpace.body.space).toMatchObject({ spaceId: WORLD.space });
    expect(sandbox.deliveries().map((delivery) => delivery.api)).toEqual([
      'SendLink',
      'SendByApp',
      'Send',
    ]);
  });

  it("reports a failed call's code as DingTalk's own would be", async () => {
    const error = await client
      .sendByAppWithOptions(
        new ConvFile.SendByAppRequest({
          spaceId: WORLD.space,
          dentryId: 'dentry-missing',
          unionId: WORLD.member,
        }),
        headers('SendByApp'),
        runtime(),
      )
      .catch((caught: unknown) => caught);

    expect(error.code).toBe('dentryNotExist');
    expect(error.statusCode).toBe(404);
  });

  it("reports this app's own refusals the same way", async () => {
    const error = await client
      .sendByAppWithOptions(
        new ConvFile.SendByAppRequest({
          spaceId: WORLD.space,
          dentryId: WORLD.file,
          unionId: WORLD.member,
        }),
        new ConvFile.SendByAppHeaders({ commonHeaders: { 'x-api-key': 'wrong-key-0123456789' } }),
        runtime(),
      )
      .catch((caught: unknown) => caught);

    expect(error.code).toBe('unauthorized');
    expect(error.statusCode).toBe(401);
  });
});
