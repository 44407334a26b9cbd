import { inspect } from 'node:util';
import request from 'supertest';
import { ConvFileService, DingTalkValidationError } from '@nest-dingtalk/conv-file';
import { convFileRoutes } from '@nest-dingtalk/conv-file/http';
import {
  APP_SECRET,
  startConvFileApp,
  type ConvFileTestApp,
} from '../../testing/conv-file.test-helper';
import {
  dingTalkError,
  FakeDingTalk,
  TOKEN_PATH,
  type RecordedRequest,
} from '../../testing/fake-dingtalk.server';

const SEND_BY_APP = '/v1.0/convFile/apps/conversations/files/send';
const BODY = { spaceId: 's', dentryId: 'd' };

describe('the REST routes and the service refuse hostile input before calling DingTalk', () => {
  let fake: FakeDingTalk;
  let t: ConvFileTestApp;
  const convFileCalls = (): RecordedRequest[] =>
    fake.requests.filter((r) => r.path.startsWith('/v1.0/convFile/'));
  const post = (query: string, body: string | object, contentType = 'application/json') =>
    request(t.url)
      .post(`${SEND_BY_APP}?${query}`)
      .set('content-type', contentType)
      .send(typeof body === 'string' ? body : JSON.stringify(body));

  beforeEach(async () => {
    fake = await FakeDingTalk.start();
    t = await startConvFileApp(fake.url);
  });
  afterEach(async () => {
    await t.close();
    await fake.close();
  });

  describe('input shape: DingTalk bodies are flat, so nothing is recursed into', () => {
    const deep = (depth: number) => `${'['.repeat(depth)}${']'.repeat(depth)}`;

    it.each([
      ['a field nested 5000 levels deep', `{"dentryId":"d","spaceId":${deep(5000)}}`, 'spaceId'],
      ['a field holding an object', '{"dentryId":"d","spaceId":{"a":{"b":{}}}}', 'spaceId'],
      ['a body nested 5000 levels deep', deep(5000), 'input'],
    ])('%s is a 400 naming the field', async (_case, body, field) => {
      const response = await post('unionId=u', body);

      expect(response.status).toBe(400);
      expect(response.body.code).toMatch(/^paramError/);
      expect(response.body.details).toContainEqual(expect.objectContaining({ field }));
      expect(convFileCalls()).toHaveLength(0);
    });

    it('a programmatic caller gets the same, for deep and cyclic values', async () => {
      const convFiles = t.app.get(ConvFileService);
      const cyclic: Record<string, unknown> = {};
      cyclic.self = cyclic;
      let deepValue: unknown = [];
      for (let i = 0; i < 100_000; i++) deepValue = [deepValue];

      for (const spaceId of [deepValue, cyclic]) {
        const error = await convFiles
          .sendByApp({ unionId: 'u', dentryId: 'd', spaceId } as never)
          .catch((e: unknown) => e);
        expect(error).toBeInstanceOf(DingTalkValidationError);
        expect(error).toMatchObject({
          code: 'paramError.spaceId',
          details: [{ field: 'spaceId', rule: 'isString' }],
        });
      }
      expect(convFileCalls()).toHaveLength(0);
    });
  });

  describe('unknown fields are refused whatever their name, judged on the object as parsed', () => {
    const SPECIAL = [
      '__proto__',
      'constructor',
      'prototype',
      'toString',
      'hasOwnProperty',
      'valueOf',
      'isPrototypeOf',
    ];

    it.each(SPECIAL)('%s in the body', async (name) => {
      const response = await post('unionId=u', `{"spaceId":"s","dentryId":"d","${name}":{"x":1}}`);

      expect(response.status).toBe(400);
      expect(response.body.details).toEqual([
        { field: name, rule: 'whitelistValidation', message: `${name} is not a known field` },
      ]);
      expect(convFileCalls()).toHaveLength(0);
    });

    it.each(SPECIAL)('%s in the query', async (name) => {
      const response = await post(`unionId=u&${name}=x`, BODY);

      expect(response.status).toBe(400);
      expect(response.body.details).toEqual([
        expect.objectContaining({ field: name, rule: 'whitelistValidation' }),
      ]);
      expect(convFileCalls()).toHaveLength(0);
    });

    it('a body field in the query, or the query parameter in the body, is misplaced', async () => {
      const inQuery = await post('unionId=u&dentryId=d', { spaceId: 's' });
      const inBody = await post('', { ...BODY, unionId: 'u' });

      expect(inQuery.status).toBe(400);
      expect(inQuery.body.details).toContainEqual(
        expect.objectContaining({ field: 'dentryId', rule: 'whitelistValidation' }),
      );
      expect(inBody.body.details).toContainEqual(
        expect.objectContaining({ field: 'unionId', rule: 'whitelistValidation' }),
      );
      expect(convFileCalls()).toHaveLength(0);
    });

    it('a repeated query parameter is not a string', async () => {
      const response = await post('unionId=a&unionId=b', BODY);

      expect(response.body.details).toEqual([
        expect.objectContaining({ field: 'unionId', rule: 'isString' }),
      ]);
    });

    it('a programmatic caller: own special fields refused, inherited fields not counted', async () => {
      const convFiles = t.app.get(ConvFileService);
      const parsed: unknown = JSON.parse(
        '{"unionId":"u","spaceId":"s","dentryId":"d","__proto__":{}}',
      );
      const withConstructor = { unionId: 'u', ...BODY, constructor: 'x' };
      const inherited = Object.create({ unionId: 'u', ...BODY }) as object;

      await expect(convFiles.sendByApp(parsed as never)).rejects.toMatchObject({
        details: [expect.objectContaining({ field: '__proto__', rule: 'whitelistValidation' })],
      });
      await expect(convFiles.sendByApp(withConstructor as never)).rejects.toMatchObject({
        details: [expect.objectContaining({ field: 'constructor', rule: 'whitelistValidation' })],
      });
      await expect(convFiles.sendByApp(inherited as never)).rejects.toMatchObject({
        details: [
          expect.objectContaining({ field: 'unionId', rule: 'isDefined' }),
          expect.objectContaining({ field: 'spaceId', rule: 'isDefined' }),
          expect.objectContaining({ field: 'dentryId', rule: 'isDefined' }),
        ],
      });
      expect(convFileCalls()).toHaveLength(0);
    });
  });

  describe('ids are never forwarded altered: text that is not valid UTF-8 is refused', () => {
    it.each([
      ['an invalid byte', 'unionId=%FF'],
      ['a truncated sequence', 'unionId=u%E4%B8'],
      ['an encoded surrogate', 'unionId=%ED%A0%80'],
      ['a broken escape', 'unionId=u%zz'],
    ])('%s in the query', async (_case, query) => {
      const response = await post(query, BODY);

      expect(response.status).toBe(400);
      expect(response.body.details).toEqual([
        expect.objectContaining({ field: 'unionId', rule: 'isWellFormed' }),
      ]);
      expect(convFileCalls()).toHaveLength(0);
    });

    it.each([
      [
        'raw invalid bytes',
        Buffer.from([...Buffer.from('{"spaceId":"s'), 0xff, ...Buffer.from('","dentryId":"d"}')]),
      ],
      ['a lone surrogate escape', Buffer.from('{"spaceId":"s\\ud800","dentryId":"d"}')],
      ['a replacement character', Buffer.from('{"spaceId":"s\\ufffd","dentryId":"d"}')],
    ])('%s in the body', async (_case, body) => {
      // The bytes as given: a client library would re-encode them.
      const response = await fetch(`${t.url}${SEND_BY_APP}?unionId=u`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body,
      });

      expect(response.status).toBe(400);
      expect(await response.json()).toMatchObject({
        code: 'paramError.spaceId',
        details: [expect.objectContaining({ field: 'spaceId', rule: 'isWellFormed' })],
      });
      expect(convFileCalls()).toHaveLength(0);
    });

    it('valid non-ASCII ids reach DingTalk exactly as sent', async () => {
      await post('unionId=%E7%94%A8%E6%88%B7+1', { spaceId: 'é', dentryId: '😀' }).expect(200);

      const [sent] = convFileCalls();
      expect(sent.query.unionId).toBe('用户 1');
      expect(sent.body).toEqual({ spaceId: 'é', dentryId: '😀' });
    });
  });

  describe('a body that is not JSON is refused for its content type', () => {
    it.each([
      ['no content type', undefined],
      ['text/plain', 'text/plain'],
      ['a form', 'application/x-www-form-urlencoded'],
    ])('%s: 415 saying the body must be JSON', async (_case, contentType) => {
      const body = contentType?.includes('form') ? 'spaceId=s&dentryId=d' : JSON.stringify(BODY);
      const call = request(t.url).post(`${SEND_BY_APP}?unionId=u`);
      const response = await (contentType ? call.set('content-type', contentType) : call)
        .serialize((value: unknown) => value as string)
        .send(body);

      expect(response.status).toBe(415);
      expect(response.body).toEqual({
        code: 'unsupportedMediaType',
        message: 'The request body must be JSON (content-type: application/json)',
      });
      expect(convFileCalls()).toHaveLength(0);
    });

    it('a JSON media type with parameters or a +json suffix is JSON', async () => {
      await post('unionId=u', BODY, 'application/json; charset=utf-8').expect(200);
    });
  });

  describe("no byte of an answer that is not DingTalk's JSON reaches the caller", () => {
    /** A proxy error page that echoes the request it got, token header included. */
    const echoPage = (r: RecordedRequest) => ({
      status: 502,
      text: `<html><pre>ECHO ${JSON.stringify(r.headers)}</pre></html>`,
    });

    it('a proxy page echoing the request: neither the page nor the token reaches the caller', async () => {
      fake.on(SEND_BY_APP, echoPage);

      const response = await post('unionId=u', BODY);

      expect(response.status).toBe(502);
      expect(response.body.code).toBe('upstreamBadResponse');
      expect(response.text).not.toMatch(/ECHO|<html|token-1|x-acs-dingtalk-access-token/);
    });

    it('the excerpt kept for logs has the token and its header redacted', async () => {
      fake.on(SEND_BY_APP, echoPage);
      const error = await t.app
        .get(ConvFileService)
        .sendByApp({ unionId: 'u', ...BODY })
        .catch((e: unknown) => e);

      expect(error).toMatchObject({
        code: 'upstreamBadResponse',
        bodyExcerpt: expect.stringContaining('ECHO'),
      });
      expect(inspect(error, { depth: 5 }) + JSON.stringify(error)).not.toContain('token-1');
    });

    it('a JSON error whose message quotes the token has it redacted', async () => {
      fake.on(SEND_BY_APP, (r) =>
        dingTalkError(400, 'paramError', {
          message: `bad header ${String(r.headers['x-acs-dingtalk-access-token'])}`,
        }),
      );

      const response = await post('unionId=u', BODY);

      expect(response.status).toBe(400);
      expect(response.body.message).toBe('bad header [redacted]');
    });
  });

  describe('each answer carries a request id that belongs to it', () => {
    it("DingTalk's request id only on the answer to the exchange it came from", async () => {
      fake.on(TOKEN_PATH, () =>
        dingTalkError(400, 'invalidClientIdOrSecret', { requestid: 'dt-token-request' }),
      );

      const first = await post('unionId=u', BODY).set('x-request-id', 'call-1');
      // Served from the remembered refusal: no exchange with DingTalk, so no DingTalk id.
      const second = await post('unionId=u', BODY).set('x-request-id', 'call-2');
      const third = await post('unionId=u', BODY);

      expect([first.status, first.body.requestid]).toEqual([502, 'dt-token-request']);
      expect([second.status, second.body.code, second.body.requestid]).toEqual([
        502,
        'invalidClientIdOrSecret',
        'call-2',
      ]);
      expect(third.body.requestid).toBeUndefined();
      expect(fake.requestsTo(TOKEN_PATH)).toHaveLength(1);
      expect(first.text + second.text).not.toContain(APP_SECRET);
    });
  });
});

describe('the REST routes call as the app that appFor names', () => {
  let fake: FakeDingTalk;
  let t: ConvFileTestApp;
  /** The appKey of each token fetched, in order. */
  const tokenFetchesBy = () =>
    fake.requestsTo(TOKEN_PATH).map((r) => (r.body as { appKey: string }).appKey);

  beforeEach(async () => {
    fake = await FakeDingTalk.start();
    t = await startConvFileApp(fake.url, {
      appKey: undefined,
      appSecret: undefined,
      apps: {
        hr: { appKey: 'hr-key', appSecret: 'hr-secret' },
        sales: { appKey: 'sales-key', appSecret: 'sales-secret' },
      },
      defaultApp: 'hr',
      http: convFileRoutes({
        appFor: (request: { headers: Record<string, string | undefined> }) => {
          const app = request.headers['x-app'];
          return app ? { app, corpId: request.headers['x-corp'] } : undefined;
        },
      }),
    });
  });
  afterEach(async () => {
    await t.close();
    await fake.close();
  });
  const send = () => request(t.url).post(`${SEND_BY_APP}?unionId=u`).send(BODY);

  it('the app appFor names, else the default app', async () => {
    await send().set('x-app', 'sales').expect(200);
    await send().expect(200);

    expect(tokenFetchesBy()).toEqual(['sales-key', 'hr-key']);
  });

  it('with the organization appFor names (an internal app refuses one, naming corpId)', async () => {
    const response = await send().set('x-app', 'sales').set('x-corp', 'corp-west');

    expect(response.status).toBe(400);
    expect(response.body.details).toEqual([expect.objectContaining({ field: 'corpId' })]);
    expect(fake.requests).toHaveLength(0);
  });
});
