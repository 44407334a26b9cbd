import { DingTalkAuthError } from '../errors/dingtalk-auth.error';
import { DingTalkErrorMessages } from '../messages/dingtalk-error.messages';
import { DingTalkLogMessages } from '../messages/dingtalk-log.messages';
import type { DingTalkAccessTokenProvider } from '../options/dingtalk-access-token-provider.interface';
import { ProviderTokenService } from './provider-token.service';
import { recordNestLogs, type RecordedLogLine } from '../../testing/nest-log.test-helper';

describe("ProviderTokenService (the app's accessTokenProvider)", () => {
  let lines: RecordedLogLine[];
  let restoreLogger: () => void;

  beforeEach(() => {
    ({ lines, restore: restoreLogger } = recordNestLogs());
  });

  afterEach(() => restoreLogger());

  const tokensOf = (getAccessToken: DingTalkAccessTokenProvider['getAccessToken']) =>
    new ProviderTokenService({ getAccessToken });

  it("answers the provider's token, asking it on every call", async () => {
    const issued = ['first', 'second'];
    const tokens = tokensOf(() => Promise.resolve(issued.shift()!));

    await expect(tokens.getAccessToken()).resolves.toBe('first');
    await expect(tokens.getAccessToken()).resolves.toBe('second');
  });

  it.each([
    ['an Error', new TypeError('vault at secret=abc is down'), 'TypeError'],
    ['something else', 'vault at secret=abc is down', 'string'],
  ])(
    'turns a provider that throws %s into a typed error telling only its kind',
    async (_case, thrown, kind) => {
      const error = await tokensOf(() => {
        throw thrown as unknown;
      })
        .getAccessToken()
        .catch((e: unknown) => e);

      expect(error).toBeInstanceOf(DingTalkAuthError);
      expect(error).toMatchObject({
        message: DingTalkErrorMessages.tokenProviderFailed(kind),
        code: 'accessTokenUnavailable',
      });
      expect((error as Error).message).not.toContain('secret=abc');
    },
  );

  it("passes the library's own typed error from the provider through as it is", async () => {
    const own = new DingTalkAuthError('the vault has no DingTalk token yet', { code: 'custom' });

    await expect(tokensOf(() => Promise.reject(own)).getAccessToken()).rejects.toBe(own);
  });

  it.each([
    ['an empty string', ''],
    ['nothing', undefined],
    ['a number', 42],
  ])('refuses a provider that returns %s with a typed error', async (_case, token) => {
    const error = await tokensOf(() => token as string)
      .getAccessToken()
      .catch((e: unknown) => e);

    expect(error).toBeInstanceOf(DingTalkAuthError);
    expect(error).toMatchObject({
      message: DingTalkErrorMessages.tokenProviderEmpty,
      code: 'accessTokenUnavailable',
    });
  });

  describe('invalidate()', () => {
    it('tells the provider which token DingTalk refused', async () => {
      const refused: string[] = [];
      const tokens = new ProviderTokenService({
        getAccessToken: () => 'tok',
        invalidate: (token) => void refused.push(token),
      });

      await tokens.invalidate('tok');

      expect(refused).toEqual(['tok']);
    });

    it('does nothing for a provider that cannot forget tokens', async () => {
      await expect(tokensOf(() => 'tok').invalidate('tok')).resolves.toBeUndefined();
      expect(lines).toEqual([]);
    });

    it("resolves when the provider fails to forget the token, and warns without the provider's message", async () => {
      const tokens = new ProviderTokenService({
        getAccessToken: () => 'tok',
        invalidate: () => Promise.reject(new RangeError('vault at secret=abc refused')),
      });

      await expect(tokens.invalidate('tok')).resolves.toBeUndefined();

      expect(lines).toEqual([
        {
          level: 'warn',
          message: DingTalkLogMessages.tokenProviderInvalidateFailed('RangeError'),
          context: 'DingTalkToken',
        },
      ]);
    });
  });
});
