import type { TestingModule } from '@nestjs/testing';
import { ConvFileService } from '@nest-dingtalk/conv-file';
import { bootConvFile } from '../testing/conv-file.test-helper';
import { FakeDingTalk, TOKEN_PATH, type RecordedRequest } from '../testing/fake-dingtalk.server';

// The official generated client, as DingTalk's docs show it (devDependency only).
/* eslint-disable @typescript-eslint/no-require-imports */
const ConvFile = require('@alicloud/dingtalk/conv_file_1_0');
const { Config } = require('@alicloud/openapi-client');
const { RuntimeOptions } = require('@alicloud/tea-util');
/* eslint-enable @typescript-eslint/no-require-imports */

/** The parts of a request DingTalk reads: method, path, decoded query, token header, JSON body. */
function essentials(request: RecordedRequest) {
  return {
    method: request.method,
    path: request.path,
    query: request.query,
    rawQuery: request.rawQuery,
    token: request.headers['x-acs-dingtalk-access-token'],
    contentType: String(request.headers['content-type']).split(';')[0],
    body: request.body,
  };
}

describe('requests match the official @alicloud/dingtalk client', () => {
  let fake: FakeDingTalk;
  let moduleRef: TestingModule;
  let service: ConvFileService;
  let sdk: any;

  beforeEach(async () => {
    fake = await FakeDingTalk.start();
    moduleRef = await bootConvFile(fake.url, { accessTokenProvider: () => 'shared-token' });
    service = moduleRef.get(ConvFileService);
    sdk = new ConvFile.default(
      new Config({ endpoint: fake.url.replace('http://', ''), protocol: 'http' }),
    );
  });

  afterEach(async () => {
    await moduleRef.close();
    await fake.close();
  });

  const unionId = 'union id/with+odd&chars=';
  const headers = (name: string) =>
    new ConvFile[`${name}Headers`]({ xAcsDingtalkAccessToken: 'shared-token' });
  const cases = [
    {
      name: 'SendLink',
      input: { unionId, spaceId: '864', dentryId: '674', openConversationId: 'cid+1' },
      ours: (input: any) => service.sendLink(input),
      theirs: (input: any) =>
        sdk.sendLinkWithOptions(
          new ConvFile.SendLinkRequest(input),
          headers('SendLink'),
          new RuntimeOptions({}),
        ),
    },
    {
      name: 'SendByApp',
      input: { unionId, spaceId: '864', dentryId: '674' },
      ours: (input: any) => service.sendByApp(input),
      theirs: (input: any) =>
        sdk.sendByAppWithOptions(
          new ConvFile.SendByAppRequest(input),
          headers('SendByApp'),
          new RuntimeOptions({}),
        ),
    },
    {
      name: 'Send',
      input: { unionId, spaceId: '864', dentryId: '674', openConversationId: 'cid+1' },
      ours: (input: any) => service.send(input),
      theirs: (input: any) =>
        sdk.sendWithOptions(
          new ConvFile.SendRequest(input),
          headers('Send'),
          new RuntimeOptions({}),
        ),
    },
    {
      name: 'GetSpace',
      input: { unionId, openConversationId: 'cid+1' },
      ours: (input: any) => service.getSpace(input),
      theirs: (input: any) =>
        sdk.getSpaceWithOptions(
          new ConvFile.GetSpaceRequest(input),
          headers('GetSpace'),
          new RuntimeOptions({}),
        ),
    },
  ];

  it.each(cases)(
    '$name: same method, path, query, token header and body',
    async ({ input, ours, theirs }) => {
      await theirs(input);
      await ours(input);

      const [official, mine] = fake.requests.filter((request) => request.path !== TOKEN_PATH);
      expect(essentials(mine)).toEqual(essentials(official));
      expect(mine.query.unionId).toBe(unionId);
    },
  );
});
