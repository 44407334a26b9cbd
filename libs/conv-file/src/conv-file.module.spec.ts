import { Injectable, Module, type ArgumentsHost } from '@nestjs/common';
import { createServer, type AddressInfo, type Socket } from 'node:net';
import { ConfigModule, ConfigService } from '@nestjs/config';
import { Test, type TestingModule } from '@nestjs/testing';
import {
  ConvFileModule,
  ConvFileService,
  DingTalkApiError,
  DingTalkExceptionFilter,
  DingTalkRateLimiter,
  type ConvFileModuleOptions,
  type ConvFileOptionsFactory,
} from '@nest-dingtalk/conv-file';
import type { ResolvedConvFileOptions } from './options/conv-file-options.resolver';
import { CONV_FILE_OPTIONS } from './options/inject-conv-file-options.decorator';
import { inProcessTokenFetchLock, TOKEN_FETCH_LOCK } from './token/dingtalk-token.lock';
import { RedisTokenFetchLock } from './token/redis-token.lock';
import { FakeDingTalk, TOKEN_PATH } from '../testing/fake-dingtalk.server';
import { SHARED_REDIS_URL, SharedRedisKeys } from '../testing/shared-redis.test-helper';

describe('ConvFileModule', () => {
  let fake: FakeDingTalk;
  let moduleRef: TestingModule | undefined;

  beforeEach(async () => {
    fake = await FakeDingTalk.start();
  });

  afterEach(async () => {
    await moduleRef?.close();
    moduleRef = undefined;
    await fake.close();
  });

  async function boot(
    imports: NonNullable<Parameters<typeof Test.createTestingModule>[0]['imports']>,
  ) {
    moduleRef = await Test.createTestingModule({ imports }).compile();
    await moduleRef.init();
    return moduleRef;
  }

  /** Proves the wiring works end to end: a call reaches the fake with the configured app. */
  async function expectWorkingService(service: ConvFileService, appKey: string) {
    await service.sendByApp({ unionId: 'u', spaceId: 's', dentryId: 'd' });
    expect(fake.requestsTo(TOKEN_PATH)[0].body).toMatchObject({ appKey });
  }

  it('forRoot', async () => {
    const app = await boot([
      ConvFileModule.forRoot({ appKey: 'k1', appSecret: 's1', baseUrl: fake.url }),
    ]);

    await expectWorkingService(app.get(ConvFileService), 'k1');
  });

  it('forRootAsync with @nestjs/config ConfigService', async () => {
    const app = await boot([
      ConfigModule.forRoot({
        ignoreEnvFile: true,
        load: [
          () => ({
            DINGTALK_APP_KEY: 'from-config',
            DINGTALK_APP_SECRET: 'cfg-secret',
            DINGTALK_API_BASE_URL: fake.url,
          }),
        ],
      }),
      ConvFileModule.forRootAsync({
        imports: [ConfigModule],
        inject: [ConfigService],
        useFactory: (config: ConfigService): ConvFileModuleOptions => ({
          appKey: config.getOrThrow('DINGTALK_APP_KEY'),
          appSecret: config.getOrThrow('DINGTALK_APP_SECRET'),
          baseUrl: config.get('DINGTALK_API_BASE_URL'),
        }),
      }),
    ]);

    await expectWorkingService(app.get(ConvFileService), 'from-config');
  });

  it('forRootAsync with useClass (an options factory that injects ConfigService)', async () => {
    @Injectable()
    class ConvFileConfig implements ConvFileOptionsFactory {
      constructor(private readonly config: ConfigService) {}
      createConvFileOptions(): ConvFileModuleOptions {
        return {
          appKey: this.config.getOrThrow('KEY'),
          appSecret: 'x',
          baseUrl: fake.url,
          timeoutMs: 1234,
        };
      }
    }
    const app = await boot([
      ConvFileModule.forRootAsync({
        imports: [
          ConfigModule.forRoot({ ignoreEnvFile: true, load: [() => ({ KEY: 'use-class' })] }),
        ],
        useClass: ConvFileConfig,
      }),
    ]);

    expect(app.get<ResolvedConvFileOptions>(CONV_FILE_OPTIONS).timeoutMs).toBe(1234);
    await expectWorkingService(app.get(ConvFileService), 'use-class');
  });

  it('forRootAsync with useExisting', async () => {
    @Injectable()
    class SharedConfig implements ConvFileOptionsFactory {
      createConvFileOptions(): ConvFileModuleOptions {
        return { appKey: 'use-existing', appSecret: 'x', baseUrl: fake.url };
      }
    }
    @Module({ providers: [SharedConfig], exports: [SharedConfig] })
    class SharedConfigModule {}
    const app = await boot([
      ConvFileModule.forRootAsync({ imports: [SharedConfigModule], useExisting: SharedConfig }),
    ]);

    await expectWorkingService(app.get(ConvFileService), 'use-existing');
  });

  it('works when imported from a feature module', async () => {
    @Injectable()
    class FilesFeature {
      constructor(readonly convFiles: ConvFileService) {}
    }
    @Module({
      imports: [ConvFileModule.forRoot({ appKey: 'feature', appSecret: 'x', baseUrl: fake.url })],
      providers: [FilesFeature],
    })
    class FilesModule {}
    @Module({ imports: [FilesModule] })
    class AppModule {}
    const app = await boot([AppModule]);

    await expectWorkingService(app.get(FilesFeature).convFiles, 'feature');
  });

  it('isGlobal makes ConvFileService injectable in modules that do not import it', async () => {
    @Injectable()
    class Elsewhere {
      constructor(readonly convFiles: ConvFileService) {}
    }
    @Module({ providers: [Elsewhere] })
    class ElsewhereModule {}
    const app = await boot([
      ConvFileModule.forRoot({
        appKey: 'global',
        appSecret: 'x',
        baseUrl: fake.url,
        isGlobal: true,
      }),
      ElsewhereModule,
    ]);

    await expectWorkingService(app.get(Elsewhere).convFiles, 'global');
  });

  it('without isGlobal, a module that does not import it cannot inject it', async () => {
    @Injectable()
    class Elsewhere {
      constructor(readonly convFiles: ConvFileService) {}
    }
    @Module({ providers: [Elsewhere] })
    class ElsewhereModule {}

    await expect(
      boot([
        ConvFileModule.forRoot({ appKey: 'k', appSecret: 'x', baseUrl: fake.url }),
        ElsewhereModule,
      ]),
    ).rejects.toThrow(/ConvFileService/);
  });

  it('exports the exception filter with the module options injected', async () => {
    @Injectable()
    class ErrorAnswers {
      constructor(readonly filter: DingTalkExceptionFilter) {}
    }
    @Module({
      imports: [
        ConvFileModule.forRoot({
          appKey: 'k',
          appSecret: 'x',
          errorStatusOverrides: { permissionDenied: 404 },
        }),
      ],
      providers: [ErrorAnswers],
    })
    class AppModule {}
    const app = await boot([AppModule]);
    const written: { status?: number; body?: unknown } = {};
    const response = {
      headersSent: false,
      setHeader: () => undefined,
      end: () => undefined,
      status: (status: number) => ({
        json: (body: unknown) => Object.assign(written, { status, body }),
      }),
    };
    const host = {
      getType: () => 'http',
      switchToHttp: () => ({ getRequest: () => ({ headers: {} }), getResponse: () => response }),
    } as unknown as ArgumentsHost;

    // permissionDenied is a 403 without the override.
    app
      .get(ErrorAnswers)
      .filter.catch(
        new DingTalkApiError('denied', { code: 'permissionDenied', status: 403 }),
        host,
      );

    expect(written).toEqual({ status: 404, body: { code: 'permissionDenied', message: 'denied' } });
  });

  it('stops boot on a bad option, naming it and not printing the secret', async () => {
    const boot$ = boot([
      ConvFileModule.forRootAsync({
        useFactory: () => ({ appKey: 'k', appSecret: 'sekret value with spaces' }),
      }),
    ]);

    const error = (await boot$.catch((e: unknown) => e)) as Error;
    expect(error.message).toBe(
      'Invalid ConvFileModule options: option appSecret must be a non-empty string without white space',
    );
    expect(error.message).not.toContain('sekret');
  });

  describe('strategies are chosen once, from the options', () => {
    /** A TCP server standing in for Redis that only counts the connections it gets. */
    async function countingServer(): Promise<{
      url: string;
      connections: () => number;
      close: () => Promise<void>;
    }> {
      let connections = 0;
      const sockets = new Set<Socket>();
      const server = createServer((socket) => {
        connections += 1;
        sockets.add(socket);
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      return {
        url: `redis://127.0.0.1:${(server.address() as AddressInfo).port}`,
        connections: () => connections,
        close: async () => {
          sockets.forEach((socket) => socket.destroy());
          await new Promise<void>((resolve) => server.close(() => resolve()));
        },
      };
    }

    it('opens no Redis connection when nothing uses Redis', async () => {
      const redis = await countingServer();
      try {
        const app = await boot([
          ConvFileModule.forRoot({
            appKey: 'k',
            appSecret: 's',
            baseUrl: fake.url,
            redis: { url: redis.url },
            tokenStore: 'memory',
            rateLimit: false,
          }),
        ]);
        await app.get(ConvFileService).sendByApp({ unionId: 'u', spaceId: 's', dentryId: 'd' });

        expect(redis.connections()).toBe(0);
      } finally {
        await redis.close();
      }
    });

    it('connects to Redis when the rate limit uses it', async () => {
      const redis = await countingServer();
      try {
        // The stand-in never answers: start-up goes on without it after its wait.
        await boot([
          ConvFileModule.forRoot({
            appKey: 'k',
            appSecret: 's',
            baseUrl: fake.url,
            redis: { url: redis.url },
            tokenStore: 'memory',
          }),
        ]);

        expect(redis.connections()).toBeGreaterThanOrEqual(1);
      } finally {
        await redis.close();
      }
    });

    describe('the token fetch lock, with Redis connected for the rate limit', () => {
      const keys = new SharedRedisKeys();
      afterAll(() => keys.deleteAll());

      const lockFor = async (tokenStore: 'memory' | 'redis') =>
        (
          await boot([
            ConvFileModule.forRoot({
              appKey: 'k',
              appSecret: 's',
              baseUrl: fake.url,
              redis: { url: SHARED_REDIS_URL, keyPrefix: keys.nextPrefix() },
              tokenStore,
            }),
          ])
        ).get(TOKEN_FETCH_LOCK);

      it("is the process's own with tokens in memory: other instances keep tokens of their own", async () => {
        expect(await lockFor('memory')).toBe(inProcessTokenFetchLock);
      });

      it('is shared in Redis with tokens in Redis, so that one instance fetches for all', async () => {
        expect(await lockFor('redis')).toBeInstanceOf(RedisTokenFetchLock);
      });
    });

    it('rateLimit: false provides a limiter that lets every call go at once', async () => {
      const app = await boot([
        ConvFileModule.forRoot({
          appKey: 'k',
          appSecret: 's',
          baseUrl: fake.url,
          rateLimit: false,
        }),
      ]);
      const limiter = app.get<DingTalkRateLimiter>(DingTalkRateLimiter);
      let admitted = 0;

      await Promise.all(
        Array.from({ length: 500 }, () => limiter.acquire('SendByApp').then(() => admitted++)),
      );

      expect(admitted).toBe(500);
    });

    it('a token provider given { useClass } is created through DI, and no token is fetched', async () => {
      @Injectable()
      class Vault {
        token = 'from-vault';
      }
      @Module({ providers: [Vault], exports: [Vault] })
      class VaultModule {}
      @Injectable()
      class VaultProvider {
        constructor(private readonly vault: Vault) {}
        getAccessToken(): string {
          return this.vault.token;
        }
      }
      const app = await boot([
        ConvFileModule.forRootAsync({
          imports: [VaultModule],
          useFactory: () => ({
            accessTokenProvider: { useClass: VaultProvider },
            baseUrl: fake.url,
          }),
        }),
      ]);

      await app.get(ConvFileService).sendByApp({ unionId: 'u', spaceId: 's', dentryId: 'd' });

      expect(fake.requestsTo(TOKEN_PATH)).toHaveLength(0);
      expect(fake.requests[0].headers['x-acs-dingtalk-access-token']).toBe('from-vault');
    });
  });
});
