import type { TestingModule } from '@nestjs/testing';
import { FakeDingTalk } from '../testing/fake-dingtalk.server';

/**
 * Packages an app installs only for the parts of the library it uses: `@nestjs/swagger` for the
 * REST routes (`/http`), class-validator for `IsDingTalkId` (`/validation`), `@redis/client` for
 * the `redis` option, `@opentelemetry/api` for spans, bullmq for batches (`/batches`, loaded when
 * the module starts with them). Here each is made to fail as a missing package would, and the other parts
 * must load and work without it.
 */
const OPTIONAL_PEERS = [
  '@nestjs/swagger',
  'class-validator',
  'class-transformer',
  '@redis/client',
  '@opentelemetry/api',
  'bullmq',
];

/** The error Node throws for a package that is not installed. */
function notInstalled(name: string): Error {
  return Object.assign(new Error(`Cannot find module '${name}'`), { code: 'MODULE_NOT_FOUND' });
}

type Loaded = Record<string, any>;

/** Loads the given modules in a fresh registry in which the `absent` packages are not installed. */
function loadWithout(absent: string[], ...modules: string[]): Loaded[] {
  const loaded: Loaded[] = [];
  jest.isolateModules(() => {
    for (const name of absent) {
      jest.doMock(name, () => {
        throw notInstalled(name);
      });
    }
    // isolateModules loads synchronously: require, not import().
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    for (const name of modules) loaded.push(require(name) as Loaded);
  });
  return loaded;
}

describe('optional peer dependencies are needed only by what uses them', () => {
  let fake: FakeDingTalk;
  let moduleRef: TestingModule | undefined;

  beforeAll(async () => {
    fake = await FakeDingTalk.start();
  });
  afterAll(() => fake.close());
  afterEach(async () => {
    await moduleRef?.close();
    moduleRef = undefined;
    for (const name of OPTIONAL_PEERS) jest.dontMock(name);
  });

  it('the main entry point loads and sends without any of them', async () => {
    const [library, testing] = loadWithout(
      OPTIONAL_PEERS,
      '@nest-dingtalk/conv-file',
      '@nestjs/testing',
    );
    moduleRef = (await testing.Test.createTestingModule({
      imports: [library.ConvFileModule.forRoot({ appKey: 'k', appSecret: 's', baseUrl: fake.url })],
    }).compile()) as TestingModule;

    const answer = (await moduleRef
      .get(library.ConvFileService)
      .sendByApp({ unionId: 'u', spaceId: 's', dentryId: 'd' })) as { file: unknown };

    expect(answer.file).toBeDefined();
  });

  it('the redis option without @redis/client stops start-up, saying what to install', async () => {
    const [library, testing] = loadWithout(
      OPTIONAL_PEERS,
      '@nest-dingtalk/conv-file',
      '@nestjs/testing',
    );
    const compiling = testing.Test.createTestingModule({
      imports: [
        library.ConvFileModule.forRoot({
          appKey: 'k',
          appSecret: 's',
          redis: { url: 'redis://127.0.0.1:1' },
        }),
      ],
    }).compile() as Promise<TestingModule>;

    await expect(compiling).rejects.toThrow(
      'ConvFileModule option redis needs the package @redis/client, which is not installed: npm install @redis/client@^5',
    );
  });

  it('the /http entry point needs @nestjs/swagger only', () => {
    const [http] = loadWithout(
      OPTIONAL_PEERS.filter((name) => name !== '@nestjs/swagger'),
      '@nest-dingtalk/conv-file/http',
    );

    expect(typeof http.convFileRoutes().controller).toBe('function');
  });

  it('the /validation entry point needs class-validator only', () => {
    const [validation] = loadWithout(
      OPTIONAL_PEERS.filter((name) => name !== 'class-validator'),
      '@nest-dingtalk/conv-file/validation',
    );

    expect(typeof validation.IsDingTalkId()).toBe('function');
  });

  it('the /batches entry point loads without any of them; bullmq is loaded only by a module with batches', () => {
    const [batches] = loadWithout(OPTIONAL_PEERS, '@nest-dingtalk/conv-file/batches');

    expect(batches.convFileBatches().exports).toEqual([batches.ConvFileBatchService]);
  });

  it('batches without bullmq stop start-up, saying what to install', async () => {
    const [library, batches, testing] = loadWithout(
      OPTIONAL_PEERS.filter((name) => name !== '@redis/client'),
      '@nest-dingtalk/conv-file',
      '@nest-dingtalk/conv-file/batches',
      '@nestjs/testing',
    );
    const compiling = testing.Test.createTestingModule({
      imports: [
        library.ConvFileModule.forRoot({
          appKey: 'k',
          appSecret: 's',
          rateLimit: false,
          tokenStore: 'memory',
          redis: { url: 'redis://127.0.0.1:1' },
          batches: batches.convFileBatches(),
        }),
      ],
    }).compile() as Promise<TestingModule>;

    await expect(compiling).rejects.toThrow(
      'ConvFileModule option batches needs the package bullmq, which is not installed: npm install bullmq@^6',
    );
  });

  it('batches without the redis option stop start-up, naming it', async () => {
    const [library, batches, testing] = loadWithout(
      [],
      '@nest-dingtalk/conv-file',
      '@nest-dingtalk/conv-file/batches',
      '@nestjs/testing',
    );
    const compiling = testing.Test.createTestingModule({
      imports: [
        library.ConvFileModule.forRoot({
          appKey: 'k',
          appSecret: 's',
          batches: batches.convFileBatches(),
        }),
      ],
    }).compile() as Promise<TestingModule>;

    await expect(compiling).rejects.toThrow('option batches needs the redis option');
  });
});
