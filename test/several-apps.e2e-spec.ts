import type { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import {
  ConvFileModule,
  ConvFileService,
  DingTalkAuthError,
  DingTalkTokenService,
  DingTalkValidationError,
  type ConvFileModuleOptions,
} from '@nest-dingtalk/conv-file';
import { createDingTalkSandbox, type DingTalkSandbox } from '@nest-dingtalk/sandbox';
import { SharedRedisKeys, SHARED_REDIS_URL } from './support/shared-redis.test-helper';
import { addWorld, SCOPES, sendTo, SUITE } from './support/several-apps.world';

/** The apps: `east` and `west` internal, `market` third-party with tickets from `tickets()`. */
function appsOptions(tickets: () => string | undefined): ConvFileModuleOptions['apps'] {
  return {
    east: { appKey: 'app-corp-east', appSecret: 'secret-corp-east' },
    west: { appKey: 'app-corp-west', appSecret: 'secret-corp-west' },
    market: { ...SUITE, suiteTicketProvider: () => tickets() },
  };
}

describe('several apps in one module: internal apps and a third-party app per organization', () => {
  let sandbox: DingTalkSandbox;
  let instances: INestApplicationContext[] = [];
  let ticket: string;
  const keys = new SharedRedisKeys();

  beforeEach(async () => {
    sandbox = await createDingTalkSandbox({ rateLimit: false });
    ticket = 'ticket-1';
    addWorld(sandbox, ticket);
  });
  afterEach(async () => {
    await Promise.all(instances.map((instance) => instance.close()));
    instances = [];
    await sandbox.close();
  });
  afterAll(() => keys.deleteAll());

  async function start(options: Partial<ConvFileModuleOptions> = {}): Promise<ConvFileService> {
    const instance = await NestFactory.createApplicationContext(
      ConvFileModule.forRoot({
        apps: appsOptions(() => ticket),
        defaultApp: 'east',
        baseUrl: sandbox.url,
        rateLimit: false,
        ...options,
      }),
      { logger: false },
    );
    instances.push(instance);
    return instance.get(ConvFileService);
  }

  /** Who DingTalk saw make each delivery, as `appKey@corpId`. */
  const senders = () => sandbox.deliveries().map((d) => `${d.appKey}@${d.corpId}`);

  it("makes every call with its own app's and organization's token, one token fetch per (app, org)", async () => {
    const convFiles = await start();
    const calls = [];
    for (let round = 0; round < 5; round++) {
      calls.push(
        convFiles.sendByApp(sendTo('corp-east')),
        convFiles.forApp('west').sendByApp(sendTo('corp-west')),
        convFiles.forApp('market', { corpId: 'corp-east' }).sendByApp(sendTo('corp-east')),
        convFiles.forApp('market', { corpId: 'corp-west' }).sendByApp(sendTo('corp-west')),
      );
    }
    await Promise.all(calls);

    expect(senders().sort()).toEqual(
      [
        ...Array<string>(5).fill('app-corp-east@corp-east'),
        ...Array<string>(5).fill('app-corp-west@corp-west'),
        ...Array<string>(5).fill('market-suite@corp-east'),
        ...Array<string>(5).fill('market-suite@corp-west'),
      ].sort(),
    );
    expect(sandbox.stats().tokenFetches).toBe(4);
  });

  it("never lends one organization's token to another: a file of corp-west sent as corp-east is refused by DingTalk", async () => {
    const convFiles = await start();

    await expect(
      convFiles.forApp('market', { corpId: 'corp-east' }).sendByApp(sendTo('corp-west')),
    ).rejects.toMatchObject({ status: expect.any(Number) as number });
    expect(senders()).toEqual([]);
  });

  it.each([
    ['an unknown app', () => ['nope', undefined], 'app'],
    ['a third-party app without corpId', () => ['market', undefined], 'corpId'],
    ['a third-party app with a blank corpId', () => ['market', { corpId: ' ' }], 'corpId'],
    ['an internal app with a corpId', () => ['west', { corpId: 'corp-west' }], 'corpId'],
  ] as const)(
    'refuses %s with a validation error naming the field, and sends nothing',
    async (_, args, field) => {
      const convFiles = await start();
      const [app, choice] = args();

      let error: unknown;
      try {
        convFiles.forApp(app as string, choice as { corpId?: string } | undefined);
      } catch (thrown) {
        error = thrown;
      }

      expect(error).toBeInstanceOf(DingTalkValidationError);
      expect((error as DingTalkValidationError).details.map((issue) => issue.field)).toEqual([
        field,
      ]);
      expect(sandbox.stats().tokenFetches).toBe(0);
    },
  );

  it('without a default app, the plain methods and DingTalkTokenService refuse with a validation error', async () => {
    const convFiles = await start({ defaultApp: undefined });
    const tokens = instances[0].get(DingTalkTokenService);

    await expect(convFiles.sendByApp(sendTo('corp-east'))).rejects.toBeInstanceOf(
      DingTalkValidationError,
    );
    await expect(tokens.getAccessToken()).rejects.toBeInstanceOf(DingTalkValidationError);
    expect(sandbox.stats().tokenFetches).toBe(0);
  });

  it('takes the newest suite ticket and retries once when DingTalk says the ticket rotated', async () => {
    let asked = 0;
    // The provider's first answer is the ticket DingTalk has just rotated away.
    const convFiles = await start({
      apps: {
        ...appsOptions(() => ticket),
        market: { ...SUITE, suiteTicketProvider: () => (++asked === 1 ? 'ticket-1' : ticket) },
      },
    });
    ticket = 'ticket-2';
    sandbox.world.setSuiteTicket(SUITE.suiteKey, ticket);

    await convFiles.forApp('market', { corpId: 'corp-east' }).sendByApp(sendTo('corp-east'));

    expect(asked).toBe(2);
    expect(senders()).toEqual(['market-suite@corp-east']);
  });

  it('rotates tickets in the middle of traffic without a failed call', async () => {
    const convFiles = await start();
    const market = (corp: string) => convFiles.forApp('market', { corpId: corp });
    await market('corp-east').sendByApp(sendTo('corp-east'));
    ticket = 'ticket-2';
    sandbox.world.setSuiteTicket(SUITE.suiteKey, ticket);

    // corp-west's first token is fetched after the rotation, corp-east's keeps working.
    await Promise.all([
      market('corp-east').sendByApp(sendTo('corp-east')),
      market('corp-west').sendByApp(sendTo('corp-west')),
    ]);

    expect(senders().sort()).toEqual(
      ['market-suite@corp-east', 'market-suite@corp-east', 'market-suite@corp-west'].sort(),
    );
  });

  it('answers a revoked organization with a typed permission error, and asks DingTalk once for many calls', async () => {
    sandbox.world.addSuite({
      suiteKey: 'narrow-suite',
      suiteSecret: 'narrow-secret',
      suiteTicket: 'narrow-ticket',
      authorizedCorpIds: ['corp-east'],
      scopes: SCOPES,
    });
    const convFiles = await start({
      apps: {
        ...appsOptions(() => ticket),
        narrow: {
          suiteKey: 'narrow-suite',
          suiteSecret: 'narrow-secret',
          suiteTicketProvider: () => 'narrow-ticket',
        },
      },
    });
    const west = convFiles.forApp('narrow', { corpId: 'corp-west' });

    const results = await Promise.allSettled(
      Array.from({ length: 20 }, () => west.sendByApp(sendTo('corp-west'))),
    );
    await expect(west.sendByApp(sendTo('corp-west'))).rejects.toMatchObject({
      code: 'invalidAuthInfo',
    });

    for (const result of results) {
      expect(result).toMatchObject({ status: 'rejected' });
      const reason = (result as PromiseRejectedResult).reason as DingTalkAuthError;
      expect(reason).toBeInstanceOf(DingTalkAuthError);
      expect(reason.code).toBe('invalidAuthInfo');
    }
    expect(sandbox.stats().requests.GetCorpAccessToken).toBe(1);
  });

  it('answers with a typed error, and sends nothing, while no suite ticket is known', async () => {
    const convFiles = await start({
      apps: { ...appsOptions(() => undefined) },
    });

    await expect(
      convFiles.forApp('market', { corpId: 'corp-east' }).sendByApp(sendTo('corp-east')),
    ).rejects.toMatchObject({ code: 'suiteTicketUnavailable' });
    expect(sandbox.stats().requests.GetCorpAccessToken).toBe(0);
  });

  it('across two instances on Redis: one token fetch per (app, org) in all', async () => {
    const redis = { url: SHARED_REDIS_URL, keyPrefix: keys.nextPrefix() };
    const first = await start({ redis });
    const second = await start({ redis });
    const calls = [first, second].flatMap((convFiles) =>
      Array.from({ length: 3 }, () => [
        convFiles.sendByApp(sendTo('corp-east')),
        convFiles.forApp('west').sendByApp(sendTo('corp-west')),
        convFiles.forApp('market', { corpId: 'corp-east' }).sendByApp(sendTo('corp-east')),
        convFiles.forApp('market', { corpId: 'corp-west' }).sendByApp(sendTo('corp-west')),
      ]).flat(),
    );
    await Promise.all(calls);

    expect(sandbox.stats().tokenFetches).toBe(4);
    expect(senders()).toHaveLength(24);
    expect(new Set(senders())).toEqual(
      new Set([
        'app-corp-east@corp-east',
        'app-corp-west@corp-west',
        'market-suite@corp-east',
        'market-suite@corp-west',
      ]),
    );
  });
});
