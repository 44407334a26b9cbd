import { Injectable, Module } from '@nestjs/common';
import { Test, type TestingModule } from '@nestjs/testing';
import { createCache, type Cache } from 'cache-manager';
import { inspect } from 'node:util';
import {
  ConvFileModule,
  CacheManagerTokenStore,
  ConvFileService,
  DingTalkApiError,
  DingTalkAuthError,
  DingTalkTokenService,
  type DingTalkAccessTokenProvider,
} from '@nest-dingtalk/conv-file';
import { APP_KEY, APP_SECRET, bootConvFile } from '../../testing/conv-file.test-helper';
import {
  dingTalkError,
  FakeDingTalk,
  SAMPLE_FILE,
  TOKEN_PATH,
} from '../../testing/fake-dingtalk.server';

const SEND_BY_APP = '/v1.0/convFile/apps/conversations/files/send';
const CACHE_KEY = `dingtalk:access-token:${APP_KEY}`;

describe('DingTalkTokenService', () => {
  let fake: FakeDingTalk;
  let moduleRef: TestingModule;

  beforeEach(async () => {
    fake = await FakeDingTalk.start();
  });

  afterEach(async () => {
    await moduleRef?.close();
    await fake.close();
  });

  /** Boots the module with a cache-manager cache as its token store, as an app would give it. */
  async function bootWithAppCache(
    options = {},
  ): Promise<{ tokens: DingTalkTokenService; cache: Cache }> {
    const cache = createCache();
    moduleRef = await bootConvFile(fake.url, {
      tokenStore: new CacheManagerTokenStore(cache),
      ...options,
    });
    return { tokens: moduleRef.get(DingTalkTokenService), cache };
  }

  it('fetches with POST /v1.0/oauth2/accessToken { appKey, appSecret } and no token header', async () => {
    moduleRef = await bootConvFile(fake.url);

    await expect(moduleRef.get(DingTalkTokenService).getAccessToken()).resolves.toBe('token-1');
    const [request] = fake.requestsTo(TOKEN_PATH);
    expect(request.method).toBe('POST');
    expect(request.body).toEqual({ appKey: APP_KEY, appSecret: APP_SECRET });
    expect(request.headers['x-acs-dingtalk-access-token']).toBeUndefined();
  });

  it('makes exactly one token request for 1,000 concurrent cold callers', async () => {
    moduleRef = await bootConvFile(fake.url);
    const tokens = moduleRef.get(DingTalkTokenService);

    const results = await Promise.all(Array.from({ length: 1000 }, () => tokens.getAccessToken()));

    expect(new Set(results)).toEqual(new Set(['token-1']));
    expect(fake.requestsTo(TOKEN_PATH)).toHaveLength(1);
  });

  it('makes one token request for 200 concurrent cold convFile calls', async () => {
    moduleRef = await bootConvFile(fake.url);
    const service = moduleRef.get(ConvFileService);

    await Promise.all(
      Array.from({ length: 200 }, () =>
        service.sendByApp({ unionId: 'u', spaceId: 's', dentryId: 'd' }),
      ),
    );

    expect(fake.requestsTo(TOKEN_PATH)).toHaveLength(1);
    expect(fake.requestsTo(SEND_BY_APP)).toHaveLength(200);
  });

  it('keeps using its own in-memory cache when the app registered none', async () => {
    moduleRef = await bootConvFile(fake.url);
    const tokens = moduleRef.get(DingTalkTokenService);

    await tokens.getAccessToken();
    await tokens.getAccessToken();

    expect(fake.requestsTo(TOKEN_PATH)).toHaveLength(1);
  });

  it("stores the token in the application's CACHE_MANAGER under a key namespaced by appKey", async () => {
    const { tokens, cache } = await bootWithAppCache();

    await tokens.getAccessToken();

    await expect(cache.get(CACHE_KEY)).resolves.toMatchObject({ accessToken: 'token-1' });
  });

  it('reads a token another instance put in the shared cache instead of fetching', async () => {
    const { tokens, cache } = await bootWithAppCache();
    await cache.set(
      CACHE_KEY,
      { accessToken: 'shared-token', expiresAt: Date.now() + 60_000 },
      60_000,
    );

    await expect(tokens.getAccessToken()).resolves.toBe('shared-token');
    expect(fake.requestsTo(TOKEN_PATH)).toHaveLength(0);
  });

  it.each([
    ['expireIn − margin, in ms', { expireIn: 3600 }, { tokenRefreshMarginMs: 60_000 }, 3_540_000],
    ['7200 s when expireIn is 0', { expireIn: 0 }, {}, 6_900_000],
    ['7200 s when expireIn is missing', {}, {}, 6_900_000],
    ['7200 s when expireIn is negative', { expireIn: -5 }, {}, 6_900_000],
    ['half the lifetime when the margin is larger', { expireIn: 60 }, {}, 30_000],
  ])('caches for %s', async (_case, answer, options, expectedTtlMs) => {
    fake.on(TOKEN_PATH, () => ({ json: { accessToken: 'tok', ...answer } }));
    const { tokens, cache } = await bootWithAppCache(options);

    const before = Date.now();
    await tokens.getAccessToken();
    const expiresAt = (await cache.ttl(CACHE_KEY))!;

    expect(expiresAt - before).toBeGreaterThanOrEqual(expectedTtlMs);
    expect(expiresAt - Date.now()).toBeLessThanOrEqual(expectedTtlMs);
  });

  it('keeps two apps in one process apart, even in one shared store', async () => {
    const shared = new CacheManagerTokenStore(createCache());
    fake.on(TOKEN_PATH, (request) => ({
      json: {
        accessToken: `token-of-${(request.body as { appKey: string }).appKey}`,
        expireIn: 7200,
      },
    }));
    @Injectable()
    class MyProbe {
      constructor(readonly tokens: DingTalkTokenService) {}
    }
    @Injectable()
    class OtherProbe {
      constructor(readonly tokens: DingTalkTokenService) {}
    }
    @Module({
      imports: [
        ConvFileModule.forRoot({
          appKey: APP_KEY,
          appSecret: APP_SECRET,
          baseUrl: fake.url,
          tokenStore: shared,
        }),
      ],
      providers: [MyProbe],
    })
    class MyAppModule {}
    @Module({
      imports: [
        ConvFileModule.forRoot({
          appKey: 'other-app',
          appSecret: 'other-secret',
          baseUrl: fake.url,
          tokenStore: shared,
        }),
      ],
      providers: [OtherProbe],
    })
    class OtherAppModule {}
    moduleRef = await Test.createTestingModule({
      imports: [MyAppModule, OtherAppModule],
    }).compile();
    await moduleRef.init();
    const mine = moduleRef.get(MyProbe).tokens;
    const other = moduleRef.get(OtherProbe).tokens;

    await expect(mine.getAccessToken()).resolves.toBe(`token-of-${APP_KEY}`);
    await expect(other.getAccessToken()).resolves.toBe('token-of-other-app');
  });

  describe('invalidate()', () => {
    it('drops the rejected token so the next call fetches a fresh one', async () => {
      const { tokens, cache } = await bootWithAppCache();
      const stale = await tokens.getAccessToken();

      await tokens.invalidate(stale);

      await expect(cache.get(CACHE_KEY)).resolves.toBeUndefined();
      await expect(tokens.getAccessToken()).resolves.toBe('token-2');
    });

    it('leaves a token that already replaced the rejected one', async () => {
      const { tokens, cache } = await bootWithAppCache();
      await tokens.getAccessToken();

      await tokens.invalidate('an-older-token');

      await expect(cache.get(CACHE_KEY)).resolves.toMatchObject({ accessToken: 'token-1' });
    });
  });

  it('a refused token read back from a shared store during invalidate() is not used again', async () => {
    const entries = new Map<string, unknown>();
    // Reads wait until the test lets them go, so a read overlaps the invalidation of what it reads.
    const heldReads: Array<() => void> = [];
    let holdReads = false;
    const heldCache = {
      get: async (key: string) => {
        if (holdReads) await new Promise<void>((release) => heldReads.push(release));
        return entries.get(key);
      },
      set: (key: string, value: unknown) => Promise.resolve(entries.set(key, value)),
      del: (key: string) => Promise.resolve(entries.delete(key)),
    };
    entries.set(CACHE_KEY, { accessToken: 'stale', expiresAt: Date.now() + 3_600_000 });
    moduleRef = await bootConvFile(fake.url, {
      tokenStore: new CacheManagerTokenStore(heldCache as unknown as Cache),
    });
    const tokens = moduleRef.get(DingTalkTokenService);
    await expect(tokens.getAccessToken()).resolves.toBe('stale');

    holdReads = true;
    const invalidation = tokens.invalidate('stale');
    const concurrent = tokens.getAccessToken();
    expect(heldReads).toHaveLength(2);
    holdReads = false;
    heldReads.splice(0).forEach((release) => release());
    await invalidation;

    await expect(concurrent).resolves.toBe('token-1');
    await expect(tokens.getAccessToken()).resolves.toBe('token-1');
    expect(fake.requestsTo(TOKEN_PATH)).toHaveLength(1);
  });

  it("never quotes the token endpoint's answer, which a proxy could fill with the request", async () => {
    fake.on(TOKEN_PATH, (request) => ({ status: 502, text: `<pre>${request.rawBody}</pre>` }));
    moduleRef = await bootConvFile(fake.url, { retry: false });

    const error = await moduleRef
      .get(DingTalkTokenService)
      .getAccessToken()
      .catch((e: unknown) => e);

    expect(error).toMatchObject({ code: 'upstreamBadResponse', api: 'GetAccessToken' });
    expect(inspect(error, { depth: 10 }) + JSON.stringify(error)).not.toContain(APP_SECRET);
  });

  it("a provider that fails to invalidate does not replace DingTalk's answer", async () => {
    const provider: DingTalkAccessTokenProvider = {
      getAccessToken: () => 'refused',
      invalidate: () => {
        throw new Error('vault said secret=abc');
      },
    };
    fake.on(SEND_BY_APP, () => dingTalkError(401, 'InvalidAuthentication'));
    moduleRef = await bootConvFile(fake.url, { accessTokenProvider: provider });

    const error = await moduleRef
      .get(ConvFileService)
      .sendByApp({ unionId: 'u', spaceId: 's', dentryId: 'd' })
      .catch((e: unknown) => e);

    expect(error).toBeInstanceOf(DingTalkAuthError);
    expect(error).toMatchObject({ code: 'InvalidAuthentication' });
  });

  describe('bad credentials', () => {
    beforeEach(() => {
      fake.on(TOKEN_PATH, () => dingTalkError(400, 'invalidClientIdOrSecret'));
    });

    it('become a typed auth error, with one request for all concurrent callers and none right after', async () => {
      moduleRef = await bootConvFile(fake.url);
      const tokens = moduleRef.get(DingTalkTokenService);

      const errors = await Promise.all(
        Array.from({ length: 100 }, () => tokens.getAccessToken().catch((e: unknown) => e)),
      );
      const later = await tokens.getAccessToken().catch((e: unknown) => e);

      for (const error of [...errors, later]) {
        expect(error).toBeInstanceOf(DingTalkAuthError);
        expect(error).toMatchObject({
          code: 'invalidClientIdOrSecret',
          status: 400,
          api: 'GetAccessToken',
        });
      }
      expect(fake.requestsTo(TOKEN_PATH)).toHaveLength(1);
    });

    it('never put the secret in the error', async () => {
      moduleRef = await bootConvFile(fake.url);

      const error = await moduleRef
        .get(DingTalkTokenService)
        .getAccessToken()
        .catch((e: unknown) => e);

      expect(inspect(error, { depth: 10, showHidden: true }) + JSON.stringify(error)).not.toContain(
        APP_SECRET,
      );
    });
  });

  it('retries a token fetch that DingTalk failed', async () => {
    fake.on(TOKEN_PATH, (_request, nth) =>
      nth === 1
        ? dingTalkError(500, 'systemError')
        : { json: { accessToken: 'after-outage', expireIn: 7200 } },
    );
    moduleRef = await bootConvFile(fake.url, { retry: { networkDelayMs: 1 } });

    await expect(moduleRef.get(DingTalkTokenService).getAccessToken()).resolves.toBe(
      'after-outage',
    );
    expect(fake.requestsTo(TOKEN_PATH)).toHaveLength(2);
  });

  it('does not cache a failed fetch: without retries, the next call fetches again', async () => {
    fake.on(TOKEN_PATH, (_request, nth) =>
      nth === 1
        ? dingTalkError(500, 'systemError')
        : { json: { accessToken: 'after-outage', expireIn: 7200 } },
    );
    moduleRef = await bootConvFile(fake.url, { retry: false });
    const tokens = moduleRef.get(DingTalkTokenService);

    const error = await tokens.getAccessToken().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DingTalkApiError);
    expect(error).toMatchObject({ code: 'systemError', status: 500, api: 'GetAccessToken' });
    await expect(tokens.getAccessToken()).resolves.toBe('after-outage');
  });

  describe('a custom access-token provider', () => {
    it('a function: its token is sent, and no token request is made', async () => {
      moduleRef = await bootConvFile(fake.url, { accessTokenProvider: () => 'from-function' });

      await moduleRef.get(ConvFileService).sendByApp({ unionId: 'u', spaceId: 's', dentryId: 'd' });

      expect(fake.requestsTo(SEND_BY_APP)[0].headers['x-acs-dingtalk-access-token']).toBe(
        'from-function',
      );
      expect(fake.requestsTo(TOKEN_PATH)).toHaveLength(0);
    });

    it('an object: told which token DingTalk refused, then asked again once', async () => {
      const issued = ['stale', 'fresh'];
      const invalidated: string[] = [];
      const provider: DingTalkAccessTokenProvider = {
        getAccessToken: () => issued.shift() ?? 'none-left',
        invalidate: (token) => {
          invalidated.push(token);
        },
      };
      fake.on(SEND_BY_APP, (request) =>
        request.headers['x-acs-dingtalk-access-token'] === 'stale'
          ? dingTalkError(401, 'InvalidAuthentication')
          : { json: { file: SAMPLE_FILE } },
      );
      moduleRef = await bootConvFile(fake.url, { accessTokenProvider: provider });

      await moduleRef.get(ConvFileService).sendByApp({ unionId: 'u', spaceId: 's', dentryId: 'd' });

      expect(invalidated).toEqual(['stale']);
      expect(
        fake.requestsTo(SEND_BY_APP).map((r) => r.headers['x-acs-dingtalk-access-token']),
      ).toEqual(['stale', 'fresh']);
    });

    it('a class: resolved through DI, so it can inject services', async () => {
      @Injectable()
      class Vault {
        read(): string {
          return 'from-vault';
        }
      }
      @Module({ providers: [Vault], exports: [Vault] })
      class VaultModule {}
      @Injectable()
      class VaultTokenProvider implements DingTalkAccessTokenProvider {
        constructor(private readonly vault: Vault) {}
        getAccessToken(): string {
          return this.vault.read();
        }
      }
      moduleRef = await Test.createTestingModule({
        imports: [
          ConvFileModule.forRootAsync({
            imports: [VaultModule],
            useFactory: () => ({
              accessTokenProvider: { useClass: VaultTokenProvider },
              baseUrl: fake.url,
            }),
          }),
        ],
      }).compile();
      await moduleRef.init();

      await expect(moduleRef.get(DingTalkTokenService).getAccessToken()).resolves.toBe(
        'from-vault',
      );
    });

    it.each([
      ['throws', () => Promise.reject(new TypeError('vault down: secret=abc'))],
      ['returns nothing', () => ''],
    ])(
      'that %s gives a typed auth error without its message',
      async (_case, accessTokenProvider) => {
        moduleRef = await bootConvFile(fake.url, { accessTokenProvider });

        const error = await moduleRef
          .get(DingTalkTokenService)
          .getAccessToken()
          .catch((e: unknown) => e);

        expect(error).toBeInstanceOf(DingTalkAuthError);
        expect(error).toMatchObject({ code: 'accessTokenUnavailable' });
        expect((error as Error).message).not.toContain('secret=abc');
      },
    );
  });
});
