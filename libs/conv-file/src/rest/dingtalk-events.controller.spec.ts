import type { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ConvFileModule } from '../conv-file.module';
import type { DingTalkEventRoutesOptions } from '../options/conv-file-module-extras.interface';
import { DingTalkCallbackCipher } from '../utils/dingtalk-callback.cipher';
import { dingTalkEventRoutes } from './dingtalk-events.controller';

const SUITE_KEY = 'events-suite';
const CALLBACK = { token: 'events-token', aesKey: 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG' };
const cipher = new DingTalkCallbackCipher(CALLBACK.token, CALLBACK.aesKey, SUITE_KEY);

/** A signed check_url push, as DingTalk sends it when the URL is registered, as a query and body. */
function checkUrlPush(): { query: string; body: string } {
  const timeStamp = String(Date.now());
  const nonce = 'n0nce';
  const encrypt = cipher.encrypt(JSON.stringify({ EventType: 'check_url' }));
  const signature = cipher.signature(timeStamp, nonce, encrypt);
  return {
    query: new URLSearchParams({ msg_signature: signature, timeStamp, nonce }).toString(),
    body: JSON.stringify({ encrypt }),
  };
}

describe('dingTalkEventRoutes', () => {
  let app: INestApplication | undefined;
  afterEach(async () => {
    await app?.close();
    app = undefined;
  });

  /** An app with one suite that has a callback, its event routes made with `options`; its URL. */
  async function start(options?: DingTalkEventRoutesOptions): Promise<string> {
    app = await NestFactory.create(
      ConvFileModule.forRoot({
        apps: { market: { suiteKey: SUITE_KEY, suiteSecret: 'suite-secret', callback: CALLBACK } },
        baseUrl: 'http://127.0.0.1:9',
        rateLimit: false,
        events: dingTalkEventRoutes(options),
      }),
      // A start-up error fails the test instead of exiting the process (and Stryker's runner).
      { logger: false, abortOnError: false },
    );
    await app.listen(0, '127.0.0.1');
    return app.getUrl();
  }

  const post = (url: string, path: string, { query, body }: { query: string; body: string }) =>
    fetch(`${url}${path}?${query}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body,
    });

  it("serves POST /dingtalk/events/:app by default, answering the receiver's 200 and encrypted success", async () => {
    const url = await start();

    const response = await post(url, '/dingtalk/events/market', checkUrlPush());

    expect(response.status).toBe(200);
    const answer = (await response.json()) as { encrypt: string };
    expect(cipher.decrypt(answer.encrypt)).toBe('success');
  });

  it('serves the path given as `path` instead', async () => {
    const url = await start({ path: 'hooks/dingtalk' });

    expect((await post(url, '/hooks/dingtalk/market', checkUrlPush())).status).toBe(200);
    expect((await post(url, '/dingtalk/events/market', checkUrlPush())).status).toBe(404);
  });

  it("answers with the receiver's status and body when it refuses the push", async () => {
    const url = await start();
    const push = checkUrlPush();

    const unknown = await post(url, '/dingtalk/events/nobody', push);
    const unsigned = await post(url, '/dingtalk/events/market', { ...push, query: '' });

    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toMatchObject({ code: 'appNotFound' });
    expect(unsigned.status).toBe(400);
    expect(await unsigned.json()).toMatchObject({ code: 'invalidEventPush' });
  });
});
