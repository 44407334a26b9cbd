import {
  PATHS,
  startTestApp,
  TEST_API_KEY,
  watchSandbox,
  WORLD,
  type SandboxWatch,
  type TestApp,
} from './support/sample-app.test-helper';

describe('the four convFile routes', () => {
  let t: TestApp;
  let sandbox: SandboxWatch;

  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => t.close());
  beforeEach(() => {
    sandbox = watchSandbox(t.sandbox);
  });

  const post = (path: string, unionId: string, body: object) =>
    t.http
      .post(`${path}?unionId=${unionId}`)
      .set('x-api-key', TEST_API_KEY)
      // Any DingTalk client sends a token; the app ignores it and uses its own.
      .set('x-acs-dingtalk-access-token', 'dummy-inbound-token')
      .send(body);

  it('SendLink answers 200 with { file } and delivers the link', async () => {
    const body = { spaceId: WORLD.space, dentryId: WORLD.file, openConversationId: WORLD.group };
    const response = await post(PATHS.SendLink, WORLD.member, body).expect(200);

    expect(response.body.file).toMatchObject({
      id: WORLD.file,
      conversationId: WORLD.group,
      spaceId: WORLD.space,
      size: 25600,
      version: 3,
    });
    expect(sandbox.deliveries()).toEqual([
      expect.objectContaining({ api: 'SendLink', unionId: WORLD.member, ...body }),
    ]);
  });

  it('SendByApp answers 200 with { file } and delivers to the recipient', async () => {
    const response = await post(PATHS.SendByApp, WORLD.otherMember, {
      spaceId: WORLD.space,
      dentryId: WORLD.file,
    }).expect(200);

    expect(response.body.file).toMatchObject({ id: WORLD.file, name: 'Q1-report.xlsx' });
    expect(response.body.file.uuid).toBeUndefined();
    expect(sandbox.deliveries()).toEqual([
      expect.objectContaining({ api: 'SendByApp', unionId: WORLD.otherMember }),
    ]);
  });

  it('Send answers 200 with { file } and delivers the file', async () => {
    const body = { spaceId: WORLD.space, dentryId: WORLD.file, openConversationId: WORLD.group };
    const response = await post(PATHS.Send, WORLD.member, body).expect(200);

    expect(response.body.file).toMatchObject({ id: WORLD.file, conversationId: WORLD.group });
    expect(sandbox.deliveries()).toEqual([
      expect.objectContaining({ api: 'Send', unionId: WORLD.member, ...body }),
    ]);
  });

  it('GetSpace answers 200 with { space }', async () => {
    const response = await post(PATHS.GetSpace, WORLD.member, {
      openConversationId: WORLD.group,
    }).expect(200);

    expect(response.body).toEqual({
      space: {
        spaceId: WORLD.space,
        corpId: 'ding-sandbox-corp',
        createTime: '2024-01-01T09:00:00Z',
        modifiedTime: '2024-03-01T09:00:00Z',
      },
    });
    expect(sandbox.requests('GetSpace')).toBe(1);
  });

  it('uses its own cached token, never the inbound one', async () => {
    const body = { spaceId: WORLD.space, dentryId: WORLD.file };
    // Whatever ran before, the app holds a token from here on.
    await post(PATHS.SendByApp, WORLD.member, body).expect(200);
    const watch = watchSandbox(t.sandbox);

    await post(PATHS.SendByApp, WORLD.member, body).expect(200);
    await post(PATHS.SendByApp, WORLD.member, body).expect(200);

    // A forwarded dummy token would be refused, then refreshed and retried: more calls, new tokens.
    expect(watch.requests('SendByApp')).toBe(2);
    expect(watch.tokenFetches()).toBe(0);
  });

  it('decodes the unionId query parameter like DingTalk clients encode it', async () => {
    // `%2D` is `-`: an app that did not decode would ask DingTalk for "union%2Dalice".
    await post(PATHS.SendByApp, 'union%2Dalice', {
      spaceId: WORLD.space,
      dentryId: WORLD.file,
    }).expect(200);

    expect(sandbox.deliveries()).toEqual([
      expect.objectContaining({ api: 'SendByApp', unionId: WORLD.member }),
    ]);
  });
});
