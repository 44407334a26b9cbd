import type { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ConvFileModule, ConvFileService } from '@nest-dingtalk/conv-file';
import { dingTalkEventRoutes } from '@nest-dingtalk/conv-file/http';
import { createDingTalkSandbox, type DingTalkSandbox } from '@nest-dingtalk/sandbox';
import { SharedRedisKeys, SHARED_REDIS_URL } from './support/shared-redis.test-helper';
import { addWorld, CORPS, SCOPES, sendTo, SUITE } from './support/several-apps.world';

const CALLBACK = {
  token: 'market-callback-token',
  aesKey: 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG',
};

/**
 * DingTalk's HTTP event push, played by the sandbox with its own implementation of DingTalk's
 * callback crypto, into the library's event route on two instances that share Redis.
 */
describe('suite tickets pushed by DingTalk to the event route, across two instances on Redis', () => {
  let sandbox: DingTalkSandbox;
  let instances: INestApplication[] = [];
  const keys = new SharedRedisKeys();

  beforeEach(async () => {
    sandbox = await createDingTalkSandbox({ rateLimit: false });
    addWorld(sandbox, 'ticket-at-start', CALLBACK);
  });
  afterEach(async () => {
    await Promise.all(instances.map((instance) => instance.close()));
    instances = [];
    await sandbox.close();
  });
  afterAll(() => keys.deleteAll());

  /** Two instances of one app, sharing one Redis key prefix; each with its event URL. */
  async function startTwo(): Promise<{ convFiles: ConvFileService; eventUrl: string }[]> {
    const redis = { url: SHARED_REDIS_URL, keyPrefix: keys.nextPrefix() };
    return Promise.all(
      [1, 2].map(async () => {
        const instance = await NestFactory.create(
          ConvFileModule.forRoot({
            apps: { market: { ...SUITE, callback: CALLBACK } },
            baseUrl: sandbox.url,
            rateLimit: false,
            redis,
            events: dingTalkEventRoutes(),
          }),
          { logger: false },
        );
        await instance.listen(0, '127.0.0.1');
        instances.push(instance);
        return {
          convFiles: instance.get(ConvFileService),
          eventUrl: `${await instance.getUrl()}/dingtalk/events/market`,
        };
      }),
    );
  }

  const market = (convFiles: ConvFileService, corpId: string) =>
    convFiles.forApp('market', { corpId }).sendByApp(sendTo(corpId));
  const corpTokenRequests = () => sandbox.stats().requests.GetCorpAccessToken;

  it('keeps a ticket pushed to one instance, and the other instance calls with it', async () => {
    const [first, second] = await startTwo();
    await expect(market(second.convFiles, 'corp-east')).rejects.toMatchObject({
      code: 'suiteTicketUnavailable',
    });
    expect(corpTokenRequests()).toBe(0);

    const push = await sandbox.pushSuiteTicket(SUITE.suiteKey, { url: first.eventUrl });
    await market(second.convFiles, 'corp-east');
    await market(first.convFiles, 'corp-east');

    expect(push).toMatchObject({ delivered: true, status: 200 });
    expect(corpTokenRequests()).toBe(1);
    expect(sandbox.deliveries().map((d) => `${d.appKey}@${d.corpId}`)).toEqual([
      'market-suite@corp-east',
      'market-suite@corp-east',
    ]);
  });

  it('rotates the ticket by a push in the middle of traffic without a failed call', async () => {
    const [first, second] = await startTwo();
    await sandbox.pushSuiteTicket(SUITE.suiteKey, { url: first.eventUrl });
    await market(first.convFiles, 'corp-east');
    const before = sandbox.pushes()[0].suiteTicket;

    // corp-east's token outlives the ticket it was fetched with; the push lands on the other instance.
    const [rotation] = await Promise.all([
      sandbox.pushSuiteTicket(SUITE.suiteKey, { url: second.eventUrl }),
      ...[first, second].flatMap(({ convFiles }) =>
        Array.from({ length: 5 }, () => market(convFiles, 'corp-east')),
      ),
    ]);
    // corp-west's first token, on the instance that did not receive the push, needs the new ticket.
    await Promise.all([
      market(first.convFiles, 'corp-west'),
      market(second.convFiles, 'corp-west'),
    ]);

    expect(rotation).toMatchObject({ delivered: true });
    expect(rotation.suiteTicket).not.toBe(before);
    expect(corpTokenRequests()).toBe(CORPS.length);
    expect(sandbox.deliveries()).toHaveLength(13);
  });

  it('refuses a push sealed with another callback token and aesKey, and keeps no ticket', async () => {
    const [first] = await startTwo();
    sandbox.world.addSuite({
      suiteKey: 'forger-suite',
      suiteSecret: 'forger-secret',
      suiteTicket: 'forged-ticket',
      authorizedCorpIds: [],
      scopes: SCOPES,
      callback: {
        token: 'forger-callback-token',
        aesKey: 'ZYXWVUTSRQPONMLKJIHGFEDCBA9876543210zyxwvut',
      },
    });

    const push = await sandbox.pushSuiteTicket('forger-suite', { url: first.eventUrl });

    expect(push).toMatchObject({ delivered: false, status: 403 });
    await expect(market(first.convFiles, 'corp-east')).rejects.toMatchObject({
      code: 'suiteTicketUnavailable',
    });
    expect(corpTokenRequests()).toBe(0);
  });
});
