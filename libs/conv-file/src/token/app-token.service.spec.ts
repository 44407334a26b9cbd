import type { TestingModule } from '@nestjs/testing';
import { DingTalkAuthError, DingTalkTokenService } from '@nest-dingtalk/conv-file';
import { DingTalkErrorMessages } from '../messages/dingtalk-error.messages';
import { bootConvFile } from '../../testing/conv-file.test-helper';
import { dingTalkError, FakeDingTalk, TOKEN_PATH } from '../../testing/fake-dingtalk.server';

describe('AppTokenService: refused credentials', () => {
  let fake: FakeDingTalk;
  let moduleRef: TestingModule;

  beforeEach(async () => {
    fake = await FakeDingTalk.start();
    fake.on(TOKEN_PATH, () => dingTalkError(400, 'invalidClientIdOrSecret'));
  });

  afterEach(async () => {
    await moduleRef?.close();
    await fake.close();
  });

  it("quote DingTalk's code, message and request id once, then say they were refused moments ago", async () => {
    moduleRef = await bootConvFile(fake.url);
    const tokens = moduleRef.get(DingTalkTokenService);
    const failure = () => tokens.getAccessToken().catch((e: unknown) => e);

    const first = await failure();
    const second = await failure();
    const third = await failure();

    expect(first).toBeInstanceOf(DingTalkAuthError);
    expect(first).toMatchObject({
      message: DingTalkErrorMessages.tokenRequest(
        'invalidClientIdOrSecret',
        'invalidClientIdOrSecret message',
      ),
      code: 'invalidClientIdOrSecret',
      status: 400,
      api: 'GetAccessToken',
      requestId: 'req-invalidClientIdOrSecret',
    });
    for (const later of [second, third]) {
      expect(later).toBeInstanceOf(DingTalkAuthError);
      expect(later).toMatchObject({
        message: DingTalkErrorMessages.credentialsRecentlyRejected('invalidClientIdOrSecret'),
        code: 'invalidClientIdOrSecret',
        status: 400,
        api: 'GetAccessToken',
      });
      // The request id belongs to the exchange that was refused, not to these answers from memory.
      expect((later as DingTalkAuthError).requestId).toBeUndefined();
    }
    expect(fake.requestsTo(TOKEN_PATH)).toHaveLength(1);
  });
});
