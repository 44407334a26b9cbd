import { DingTalkAuthError } from '../errors/dingtalk-auth.error';
import { DingTalkErrorMessages } from '../messages/dingtalk-error.messages';
import type { ConvFileModuleOptions } from '../options/conv-file-module-options.interface';
import { resolveConvFileOptions } from '../options/conv-file-options.resolver';
import type { DingTalkAccessTokenProvider } from '../options/dingtalk-access-token-provider.interface';
import { DingTalkRetrier } from '../retry/dingtalk.retrier';
import { ConvFileTelemetry } from '../telemetry/conv-file.telemetry';
import { noTracer } from '../telemetry/dingtalk.tracer';
import { UndiciHttpTransport } from '../transport/undici-http.transport';
import { AppTokenService } from './app-token.service';
import { CorpTokenService } from './corp-token.service';
import { inProcessTokenFetchLock } from './dingtalk-token.lock';
import { DingTalkTokenRegistry } from './dingtalk-token.registry';
import type { DingTalkTokenService } from './dingtalk-token.service';
import { MemoryTokenStore } from './memory-token.store';
import { ProviderTokenService } from './provider-token.service';
import { StoredSuiteTickets } from './suite-ticket.source';

/** Nothing listens there: no spec here reaches DingTalk. */
const BASE_URL = 'http://127.0.0.1:9';

/** The registry of a module with these options, and its resolved apps. */
function registryOf(
  moduleOptions: ConvFileModuleOptions,
  created?: ReadonlyMap<string, DingTalkTokenService>,
) {
  const options = resolveConvFileOptions({ ...moduleOptions, baseUrl: BASE_URL }, {});
  const telemetry = new ConvFileTelemetry(undefined, noTracer);
  const store = new MemoryTokenStore();
  const parts = {
    options,
    transport: new UndiciHttpTransport(options),
    retrier: new DingTalkRetrier(options, telemetry),
    store,
    lock: inProcessTokenFetchLock,
    telemetry,
  };
  return {
    registry: new DingTalkTokenRegistry(parts, new StoredSuiteTickets(store), created),
    apps: options.apps,
  };
}

describe('DingTalkTokenRegistry', () => {
  const { registry, apps } = registryOf({
    apps: {
      internal: { appKey: 'internal-key', appSecret: 'internal-secret' },
      market: { suiteKey: 'market-suite', suiteSecret: 'market-secret' },
      own: {
        suiteKey: 'own-suite',
        suiteSecret: 'own-secret',
        suiteTicketProvider: () => {
          throw new TypeError('vault down');
        },
      },
    },
  });

  it("gives an internal app one token service, kept, under its appKey's store key", () => {
    const tokens = registry.tokensFor(apps.internal);

    expect(tokens).toBeInstanceOf(AppTokenService);
    expect((tokens as AppTokenService).storeKey).toBe('access-token:internal-key');
    expect(registry.tokensFor(apps.internal)).toBe(tokens);
  });

  it('gives a third-party app one token service per organization, each kept', () => {
    const east = registry.tokensFor(apps.market, 'corp-east');
    const west = registry.tokensFor(apps.market, 'corp-west');

    expect(east).toBeInstanceOf(CorpTokenService);
    expect(west).not.toBe(east);
    expect((east as CorpTokenService).storeKey).toBe('corp-token:market-suite:corp-east');
    expect((west as CorpTokenService).storeKey).toBe('corp-token:market-suite:corp-west');
    expect(registry.tokensFor(apps.market, 'corp-east')).toBe(east);
  });

  it('takes the tickets of a third-party app from its suiteTicketProvider, else from the event push', async () => {
    const pushed = await registry
      .tokensFor(apps.market, 'corp-east')
      .getAccessToken()
      .catch((e: unknown) => e);
    const provided = await registry
      .tokensFor(apps.own, 'corp-east')
      .getAccessToken()
      .catch((e: unknown) => e);

    expect(pushed).toBeInstanceOf(DingTalkAuthError);
    expect(pushed).toMatchObject({
      message: DingTalkErrorMessages.suiteTicketUnavailable('market'),
    });
    expect(provided).toBeInstanceOf(DingTalkAuthError);
    expect(provided).toMatchObject({
      message: DingTalkErrorMessages.suiteTicketProviderFailed('own', 'TypeError'),
    });
  });

  it("asks an app's accessTokenProvider for its tokens", async () => {
    const provider: DingTalkAccessTokenProvider = { getAccessToken: () => 'from-provider' };
    const single = registryOf({ accessTokenProvider: provider });

    const tokens = single.registry.tokensFor(single.apps.default);

    expect(tokens).toBeInstanceOf(ProviderTokenService);
    await expect(tokens.getAccessToken()).resolves.toBe('from-provider');
  });

  describe('an accessTokenProvider class (created beforehand, through DI)', () => {
    class VaultTokens implements DingTalkAccessTokenProvider {
      getAccessToken(): string {
        return 'from-vault';
      }
    }

    it('answers the service created for it', () => {
      const created = new ProviderTokenService(new VaultTokens());
      const single = registryOf(
        { accessTokenProvider: { useClass: VaultTokens } },
        new Map([['default', created]]),
      );

      expect(single.registry.tokensFor(single.apps.default)).toBe(created);
    });

    it('names the app when its service was not created', () => {
      const single = registryOf({ accessTokenProvider: { useClass: VaultTokens } });

      expect(() => single.registry.tokensFor(single.apps.default)).toThrow(
        'token provider class of default was not created',
      );
    });
  });
});
