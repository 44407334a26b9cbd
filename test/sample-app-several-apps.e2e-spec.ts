import { createDingTalkSandbox, type DingTalkSandbox } from '@nest-dingtalk/sandbox';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DingTalkCallbackCipher } from '../libs/conv-file/src/utils/dingtalk-callback.cipher';
import {
  OTHER_API_KEY,
  PATHS,
  startTestApp,
  TEST_API_KEY,
  type TestApp,
} from './support/sample-app.test-helper';
import { addWorld, sendTo, SUITE } from './support/several-apps.world';

const THIRD_KEY = 'third-key-0123456789abcdef';
const CALLBACK = {
  token: 'market-callback-token',
  aesKey: 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG',
};

/** DINGTALK_APPS_FILE with `east` (default), `west` and the third-party `market` with a callback. */
function appsFile(): string {
  const path = join(mkdtempSync(join(tmpdir(), 'dingtalk-apps-')), 'apps.json');
  writeFileSync(
    path,
    JSON.stringify({
      defaultApp: 'east',
      apps: {
        east: { appKey: 'app-corp-east', appSecret: { env: 'EAST_SECRET' } },
        west: { appKey: 'app-corp-west', appSecret: 'secret-corp-west' },
        market: {
          suiteKey: SUITE.suiteKey,
          suiteSecret: { env: 'MARKET_SECRET' },
          callback: { token: CALLBACK.token, aesKey: { env: 'MARKET_AES_KEY' } },
        },
      },
    }),
  );
  return path;
}

describe('sample app: DINGTALK_APPS_FILE, API_KEY_APPS and the DingTalk event route', () => {
  let sandbox: DingTalkSandbox;
  let app: TestApp;
  const cipher = new DingTalkCallbackCipher(CALLBACK.token, CALLBACK.aesKey, SUITE.suiteKey);

  beforeEach(async () => {
    sandbox = await createDingTalkSandbox({ rateLimit: false });
    addWorld(sandbox, 'ticket-from-push', CALLBACK);
    app = await startTestApp(
      {
        DINGTALK_APP_KEY: undefined,
        DINGTALK_APP_SECRET: undefined,
        DINGTALK_APPS_FILE: appsFile(),
        EAST_SECRET: 'secret-corp-east',
        MARKET_SECRET: SUITE.suiteSecret,
        MARKET_AES_KEY: CALLBACK.aesKey,
        API_KEYS: [TEST_API_KEY, OTHER_API_KEY, THIRD_KEY].join(','),
        API_KEY_APPS: `${OTHER_API_KEY}:west|${THIRD_KEY}:market:corp-west`,
      },
      sandbox,
    );
  });
  afterEach(async () => {
    await app.close();
    await sandbox.close();
  });

  const send = (apiKey: string, corp: string) => {
    const { unionId, ...body } = sendTo(corp);
    return app.http
      .post(`${PATHS.SendByApp}?unionId=${unionId}`)
      .set('x-api-key', apiKey)
      .send(body);
  };

  /** A push as DingTalk makes it, signed and encrypted with the app's callback settings. */
  const push = (
    event: object,
    options: { timestamp?: number; signedWith?: DingTalkCallbackCipher } = {},
  ) => {
    const timestamp = String(options.timestamp ?? Date.now());
    const nonce = 'nonce123';
    const encrypt = cipher.encrypt(JSON.stringify(event));
    const signature = (options.signedWith ?? cipher).signature(timestamp, nonce, encrypt);
    return app.http
      .post(`/dingtalk/events/market?signature=${signature}&timestamp=${timestamp}&nonce=${nonce}`)
      .send({ encrypt });
  };
  const ticketEvent = {
    EventType: 'suite_ticket',
    SuiteKey: SUITE.suiteKey,
    SuiteTicket: 'ticket-from-push',
    TimeStamp: String(Date.now()),
  };

  it('binds each API key to its app: the request cannot choose another', async () => {
    await send(TEST_API_KEY, 'corp-east').expect(200);
    await send(OTHER_API_KEY, 'corp-west').expect(200);
    // The unbound key acts as the default app (east), which cannot see corp-west's file.
    const crossed = await send(TEST_API_KEY, 'corp-west');

    expect(crossed.status).not.toBe(200);
    expect(sandbox.deliveries().map((d) => `${d.appKey}@${d.corpId}`)).toEqual([
      'app-corp-east@corp-east',
      'app-corp-west@corp-west',
    ]);
  });

  it('answers 503 suiteTicketUnavailable for a third-party app before a ticket was pushed', async () => {
    const answer = await send(THIRD_KEY, 'corp-west').expect(503);

    expect(answer.body).toMatchObject({ code: 'suiteTicketUnavailable' });
    expect(answer.headers['retry-after']).toBeDefined();
    expect(sandbox.stats().requests.GetCorpAccessToken).toBe(0);
  });

  it("keeps a pushed suite ticket, answers DingTalk's encrypted success, and calls as the org", async () => {
    const answer = await push(ticketEvent).expect(200);

    const { msg_signature, timeStamp, nonce, encrypt } = answer.body as Record<string, string>;
    expect(cipher.verify(msg_signature, timeStamp, nonce, encrypt)).toBe(true);
    expect(cipher.decrypt(encrypt)).toBe('success');
    await send(THIRD_KEY, 'corp-west').expect(200);
    expect(sandbox.deliveries().map((d) => `${d.appKey}@${d.corpId}`)).toEqual([
      'market-suite@corp-west',
    ]);
  });

  it("takes DingTalk's own push (the sandbox's admin route, as in the README) and sends as the suite", async () => {
    const pushed = await fetch(`${sandbox.url}/__sandbox/suites/${SUITE.suiteKey}/ticket`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ url: `${app.url}/dingtalk/events/market` }),
    });

    expect(await pushed.json()).toMatchObject({ delivered: true, status: 200 });
    await send(THIRD_KEY, 'corp-west').expect(200);
    expect(sandbox.deliveries().map((d) => `${d.appKey}@${d.corpId}`)).toEqual([
      'market-suite@corp-west',
    ]);
  });

  it.each([
    [
      'a forged signature',
      { signedWith: new DingTalkCallbackCipher('not-the-token', CALLBACK.aesKey, SUITE.suiteKey) },
      403,
    ],
    ['a stale timestamp', { timestamp: Date.now() - 6 * 60_000 }, 403],
  ])('refuses a push with %s and stores nothing', async (_, options, status) => {
    await push(ticketEvent, options).expect(status);

    await send(THIRD_KEY, 'corp-west').expect(503);
  });

  it('answers 404 for an app without a callback, and needs no API key for the event route', async () => {
    await app.http
      .post('/dingtalk/events/west?signature=a&timestamp=1&nonce=n')
      .send({ encrypt: 'x' })
      .expect(404);
  });
});
