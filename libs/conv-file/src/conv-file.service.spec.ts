import type { TestingModule } from '@nestjs/testing';
import { inspect } from 'node:util';
import {
  ConvFileService,
  DingTalkApiError,
  DingTalkAuthError,
  DingTalkNetworkError,
  DingTalkTimeoutError,
  DingTalkValidationError,
} from '@nest-dingtalk/conv-file';
import { bootConvFile, APP_SECRET } from '../testing/conv-file.test-helper';
import {
  dingTalkError,
  FakeDingTalk,
  SAMPLE_FILE,
  TOKEN_PATH,
} from '../testing/fake-dingtalk.server';

const SEND_LINK = '/v1.0/convFile/conversations/files/links/send';
const SEND_BY_APP = '/v1.0/convFile/apps/conversations/files/send';
const SEND = '/v1.0/convFile/conversations/files/send';
const GET_SPACE = '/v1.0/convFile/conversations/spaces/query';

describe('ConvFileService', () => {
  let fake: FakeDingTalk;
  let moduleRef: TestingModule;
  let service: ConvFileService;

  beforeEach(async () => {
    fake = await FakeDingTalk.start();
    moduleRef = await bootConvFile(fake.url, { timeoutMs: 300 });
    service = moduleRef.get(ConvFileService);
  });

  afterEach(async () => {
    await moduleRef.close();
    await fake.close();
  });

  describe('requests, as DingTalk documents them', () => {
    it('sendLink posts spaceId, dentryId, openConversationId with the operator in the query', async () => {
      const answer = await service.sendLink({
        unionId: 'union alice/+&=',
        spaceId: '864001',
        dentryId: '674001',
        openConversationId: 'cid-group-1',
      });

      expect(answer).toEqual({ file: SAMPLE_FILE });
      const [request] = fake.requestsTo(SEND_LINK);
      expect(request.method).toBe('POST');
      expect(request.rawQuery).toBe('unionId=union%20alice%2F%2B%26%3D');
      expect(request.headers['x-acs-dingtalk-access-token']).toBe('token-1');
      expect(request.headers['content-type']).toBe('application/json');
      expect(request.body).toEqual({
        spaceId: '864001',
        dentryId: '674001',
        openConversationId: 'cid-group-1',
      });
    });

    it('sendByApp posts only spaceId and dentryId, the recipient in the query', async () => {
      await service.sendByApp({ unionId: 'union-bob', spaceId: '864001', dentryId: '674001' });

      const [request] = fake.requestsTo(SEND_BY_APP);
      expect(request.query).toEqual({ unionId: 'union-bob' });
      expect(request.body).toEqual({ spaceId: '864001', dentryId: '674001' });
    });

    it('send posts to the Send path', async () => {
      await service.send({
        unionId: 'u1',
        spaceId: 's1',
        dentryId: 'd1',
        openConversationId: 'c1',
      });

      expect(fake.requestsTo(SEND).map((request) => request.body)).toEqual([
        { spaceId: 's1', dentryId: 'd1', openConversationId: 'c1' },
      ]);
    });

    it('getSpace posts only openConversationId and resolves to { space }', async () => {
      const space = { spaceId: '864001', corpId: 'ding-corp', createTime: 'x', modifiedTime: 'y' };
      fake.on(GET_SPACE, () => ({ json: { space } }));

      await expect(
        service.getSpace({ unionId: 'u1', openConversationId: 'cid-1' }),
      ).resolves.toEqual({ space });
      expect(fake.requestsTo(GET_SPACE)[0].body).toEqual({ openConversationId: 'cid-1' });
    });

    it('reuses keep-alive connections for consecutive calls', async () => {
      for (let i = 0; i < 5; i++)
        await service.sendByApp({ unionId: 'u', spaceId: 's', dentryId: 'd' });

      // Without keep-alive every request would open its own connection.
      expect(fake.requests).toHaveLength(6);
      expect(fake.connectionCount).toBeLessThanOrEqual(2);
    });
  });

  describe('answers', () => {
    it('passes through fields DingTalk adds later and turns Long strings into numbers', async () => {
      fake.on(SEND_BY_APP, () => ({
        json: {
          file: { ...SAMPLE_FILE, size: '1099511627776', version: '3', label: 'new' },
          extra: true,
        },
      }));

      const answer = await service.sendByApp({ unionId: 'u', spaceId: 's', dentryId: 'd' });

      expect(answer.file.size).toBe(1099511627776);
      expect(answer.file.version).toBe(3);
      expect(answer.file.label).toBe('new');
      expect(answer.extra).toBe(true);
    });

    it('turns only whole Long strings into numbers, signed ones included', async () => {
      fake.on(SEND_BY_APP, (_request, nth) => ({
        json: { file: { ...SAMPLE_FILE, size: ['-2', '12 MB', '0x10'][nth - 1], version: 'v12' } },
      }));
      const sent = () => service.sendByApp({ unionId: 'u', spaceId: 's', dentryId: 'd' });

      const answers = [await sent(), await sent(), await sent()];

      expect(answers.map((answer) => answer.file.size)).toEqual([-2, '12 MB', '0x10']);
      expect(answers.map((answer) => answer.file.version)).toEqual(['v12', 'v12', 'v12']);
    });

    it.each([
      ['null', null],
      ['a string', 'abc'],
      ['missing', undefined],
    ])('passes an answer whose file is %s through as it came', async (_case, file) => {
      fake.on(SEND_BY_APP, () => ({ json: { file, extra: 1 } }));

      const answer = await service.sendByApp({ unionId: 'u', spaceId: 's', dentryId: 'd' });

      expect(answer).toStrictEqual(file === undefined ? { extra: 1 } : { file, extra: 1 });
    });
  });

  describe('forApp', () => {
    it("gives the same client for the same app, whose calls are made with that app's token", async () => {
      const client = service.forApp('default');

      expect(service.forApp('default')).toBe(client);
      await expect(
        client.sendByApp({ unionId: 'u', spaceId: 's', dentryId: 'd' }),
      ).resolves.toEqual({ file: SAMPLE_FILE });
      const [request] = fake.requestsTo(SEND_BY_APP);
      expect(request.headers['x-acs-dingtalk-access-token']).toBe('token-1');
    });

    it('refuses an app the module does not have, before anything is sent', () => {
      expect(() => service.forApp('other')).toThrow(DingTalkValidationError);
      expect(fake.requests).toEqual([]);
    });
  });

  describe('validation, before any network call', () => {
    const valid = { unionId: 'u', spaceId: 's', dentryId: 'd', openConversationId: 'c' };

    it.each([
      ['missing', { ...valid, spaceId: undefined }, 'spaceId', 'isDefined', 'paramError.spaceId'],
      ['not a string', { ...valid, dentryId: 42 }, 'dentryId', 'isString', 'paramError.dentryId'],
      [
        'empty',
        { ...valid, openConversationId: '' },
        'openConversationId',
        'isNotBlank',
        'paramError.conversationId',
      ],
      ['blank', { ...valid, unionId: '   ' }, 'unionId', 'isNotBlank', 'paramError'],
      [
        'too long',
        { ...valid, spaceId: 'x'.repeat(129) },
        'spaceId',
        'maxLength',
        'paramError.spaceId',
      ],
      [
        'a control character',
        { ...valid, dentryId: 'd\n1' },
        'dentryId',
        'noControlCharacters',
        'paramError.dentryId',
      ],
      [
        'an unknown property',
        { ...valid, extra: 'x' },
        'extra',
        'whitelistValidation',
        'paramError',
      ],
    ])(
      "refuses %s with the field, the rule and DingTalk's code",
      async (_case, input, field, rule, code) => {
        const error = await service.send(input as never).catch((caught: unknown) => caught);

        expect(error).toBeInstanceOf(DingTalkValidationError);
        expect(error).toMatchObject({ code, details: [expect.objectContaining({ field, rule })] });
        expect((error as Error).message).toContain(field);
        expect(fake.requests).toHaveLength(0);
      },
    );

    it('never repeats an unknown field name raw: no control characters, bounded length', async () => {
      const hostile = `x\n[FAKE LOG LINE] ${'a'.repeat(300)}`;

      const error = (await service
        .getSpace({ unionId: 'u', openConversationId: 'c', [hostile]: 1 })
        .catch((e: unknown) => e)) as DingTalkValidationError;

      expect(error.details[0].field).toMatch(/^x\?\[FAKE LOG LINE\] a+…$/);
      expect(error.details[0].field.length).toBeLessThanOrEqual(65);
      expect(error.message).not.toMatch(/[\n\r]/);
      expect(error.message.length).toBeLessThan(200);
      expect(fake.requests).toHaveLength(0);
    });

    it('uses plain paramError when several fields are wrong, and lists each', async () => {
      const error = (await service
        .sendByApp({ unionId: 'u' } as never)
        .catch((e: unknown) => e)) as DingTalkValidationError;

      expect(error.code).toBe('paramError');
      expect(error.details.map((issue) => issue.field).sort()).toEqual(['dentryId', 'spaceId']);
      expect(fake.requests).toHaveLength(0);
    });

    it.each([null, 'text', ['u']])('refuses a non-object input (%p)', async (input) => {
      await expect(service.getSpace(input as never)).rejects.toMatchObject({
        code: 'paramError',
        details: [{ rule: 'isObject' }],
      });
      expect(fake.requests).toHaveLength(0);
    });

    it('refuses a field that is valid for another API', async () => {
      await expect(
        service.sendByApp({
          unionId: 'u',
          spaceId: 's',
          dentryId: 'd',
          openConversationId: 'c',
        } as never),
      ).rejects.toMatchObject({
        code: 'paramError',
        details: [{ field: 'openConversationId', rule: 'whitelistValidation' }],
      });
    });
  });

  describe('DingTalk errors', () => {
    it('become DingTalkApiError with status, code, requestId, accessDeniedDetail and the API', async () => {
      fake.on(SEND_LINK, () =>
        dingTalkError(403, 'Forbidden.AccessDenied.AccessTokenPermissionDenied', {
          accessdenieddetail: { requiredScopes: ['ConvFile.File.Send'] },
        }),
      );

      const error = await service
        .sendLink({ unionId: 'u', spaceId: 's', dentryId: 'd', openConversationId: 'c' })
        .catch((e: unknown) => e);

      expect(error).toBeInstanceOf(DingTalkApiError);
      expect(error).toMatchObject({
        status: 403,
        code: 'Forbidden.AccessDenied.AccessTokenPermissionDenied',
        requestId: 'req-Forbidden.AccessDenied.AccessTokenPermissionDenied',
        accessDeniedDetail: { requiredScopes: ['ConvFile.File.Send'] },
        api: 'SendLink',
      });
    });

    it('turns an HTML page into a typed error with the status and a short excerpt, never a SyntaxError', async () => {
      fake.on(SEND_BY_APP, () => ({
        status: 403,
        text: `<html><body>${'Access blocked. '.repeat(40)}</body></html>`,
      }));

      const error = (await service
        .sendByApp({ unionId: 'u', spaceId: 's', dentryId: 'd' })
        .catch((e: unknown) => e)) as DingTalkApiError;

      expect(error).toBeInstanceOf(DingTalkApiError);
      expect(error.code).toBe('upstreamBadResponse');
      expect(error.status).toBe(403);
      expect(error.bodyExcerpt).toMatch(/^<html><body>Access blocked\./);
      expect(error.bodyExcerpt!.length).toBeLessThanOrEqual(161);
    });

    it('recognises the per-IP block answer {"status":1111}', async () => {
      fake.on(SEND_BY_APP, () => ({ status: 200, json: { status: 1111, wait: 5 } }));

      await expect(
        service.sendByApp({ unionId: 'u', spaceId: 's', dentryId: 'd' }),
      ).rejects.toMatchObject({
        code: 'upstreamBlocked',
        status: 200,
      });
    });

    it('turns a 200 with a non-JSON body into upstreamBadResponse', async () => {
      fake.on(GET_SPACE, () => ({ status: 200, text: 'OK' }));

      await expect(
        service.getSpace({ unionId: 'u', openConversationId: 'c' }),
      ).rejects.toMatchObject({
        code: 'upstreamBadResponse',
      });
    });
  });

  describe('an invalid token', () => {
    it('is dropped, one fresh token is fetched and the call is retried once', async () => {
      fake.on(SEND_BY_APP, (request) =>
        request.headers['x-acs-dingtalk-access-token'] === 'token-1'
          ? dingTalkError(401, 'InvalidAuthentication')
          : { json: { file: SAMPLE_FILE } },
      );

      await expect(
        service.sendByApp({ unionId: 'u', spaceId: 's', dentryId: 'd' }),
      ).resolves.toEqual({ file: SAMPLE_FILE });
      expect(fake.requestsTo(TOKEN_PATH)).toHaveLength(2);
      expect(
        fake.requestsTo(SEND_BY_APP).map((r) => r.headers['x-acs-dingtalk-access-token']),
      ).toEqual(['token-1', 'token-2']);
    });

    it('still refused after the one retry becomes a DingTalkAuthError, with no loop', async () => {
      fake.on(SEND_BY_APP, () => dingTalkError(400, 'InvalidAuthentication'));

      const error = await service
        .sendByApp({ unionId: 'u', spaceId: 's', dentryId: 'd' })
        .catch((e: unknown) => e);

      expect(error).toBeInstanceOf(DingTalkAuthError);
      expect(error).toMatchObject({ code: 'InvalidAuthentication', status: 400, api: 'SendByApp' });
      expect(fake.requestsTo(SEND_BY_APP)).toHaveLength(2);
      expect(fake.requestsTo(TOKEN_PATH)).toHaveLength(2);
    });

    it('refreshes once for many concurrent calls that all hit the same stale token', async () => {
      fake.on(SEND_BY_APP, (request) =>
        request.headers['x-acs-dingtalk-access-token'] === 'token-1'
          ? dingTalkError(401, 'InvalidAuthentication')
          : { json: { file: SAMPLE_FILE } },
      );

      await Promise.all(
        Array.from({ length: 20 }, () =>
          service.sendByApp({ unionId: 'u', spaceId: 's', dentryId: 'd' }),
        ),
      );
      expect(fake.requestsTo(TOKEN_PATH)).toHaveLength(2);
    });
  });

  describe('transport failures', () => {
    it('a send that times out is a DingTalkTimeoutError whose outcome is unknown, and is not repeated', async () => {
      fake.on(SEND, () => ({ hang: true }));

      const error = (await service
        .send({ unionId: 'u', spaceId: 's', dentryId: 'd', openConversationId: 'c' })
        .catch((e: unknown) => e)) as DingTalkTimeoutError;

      expect(error).toBeInstanceOf(DingTalkTimeoutError);
      expect(error).toMatchObject({
        code: 'upstreamTimeout',
        timeoutMs: 300,
        outcomeUnknown: true,
        api: 'Send',
      });
      expect(error.message).toMatch(/may or may not have been delivered/);
      expect(fake.requestsTo(SEND)).toHaveLength(1);
    });

    it('a GetSpace timeout is not flagged as an unknown outcome', async () => {
      fake.on(GET_SPACE, () => ({ hang: true }));

      await expect(
        service.getSpace({ unionId: 'u', openConversationId: 'c' }),
      ).rejects.toMatchObject({
        code: 'upstreamTimeout',
        outcomeUnknown: false,
      });
    });

    it('a connection dropped after the request was written is a network error with an unknown outcome', async () => {
      fake.on(SEND_BY_APP, () => ({ destroy: true }));

      const error = await service
        .sendByApp({ unionId: 'u', spaceId: 's', dentryId: 'd' })
        .catch((e: unknown) => e);

      expect(error).toBeInstanceOf(DingTalkNetworkError);
      expect(error).toMatchObject({
        code: 'upstreamUnavailable',
        requestSent: true,
        outcomeUnknown: true,
      });
      expect(fake.requestsTo(SEND_BY_APP)).toHaveLength(1);
    });

    it('a refused connection is a network error that certainly sent nothing', async () => {
      const closedUrl = fake.url;
      await moduleRef.close();
      await fake.close();
      moduleRef = await bootConvFile(closedUrl, {
        accessTokenProvider: () => 'external-token',
      });
      fake = await FakeDingTalk.start();

      const error = await moduleRef
        .get(ConvFileService)
        .sendByApp({ unionId: 'u', spaceId: 's', dentryId: 'd' })
        .catch((e: unknown) => e);

      expect(error).toBeInstanceOf(DingTalkNetworkError);
      expect(error).toMatchObject({
        systemCode: 'ECONNREFUSED',
        requestSent: false,
        outcomeUnknown: false,
      });
    });
  });

  describe('the 1 MiB cap on answers', () => {
    const MiB = 1024 * 1024;
    /** A DingTalk answer padded to about `bytes`, as a misbehaving proxy or server could send. */
    const answerOf = (bytes: number) => ({ file: SAMPLE_FILE, padding: 'x'.repeat(bytes) });

    beforeEach(async () => {
      // The default time limit: reading a large answer must not turn into a timeout on a busy machine.
      await moduleRef.close();
      moduleRef = await bootConvFile(fake.url);
      service = moduleRef.get(ConvFileService);
    });

    it.each([
      ['with a Content-Length', {}],
      ['streamed in chunks, without a Content-Length', { 'transfer-encoding': 'chunked' }],
    ])(
      'refuses an answer over 1 MiB %s: a network error whose outcome is unknown',
      async (_case, headers) => {
        fake.on(SEND_BY_APP, () => ({ json: answerOf(2 * MiB), headers }));

        const error = await service
          .sendByApp({ unionId: 'u', spaceId: 's', dentryId: 'd' })
          .catch((e: unknown) => e);

        expect(error).toBeInstanceOf(DingTalkNetworkError);
        expect(error).toMatchObject({
          code: 'upstreamUnavailable',
          systemCode: 'UND_ERR_RES_EXCEEDED_MAX_SIZE',
          requestSent: true,
          outcomeUnknown: true,
        });
        expect(fake.requestsTo(SEND_BY_APP)).toHaveLength(1);
      },
    );

    it('reads an answer just under 1 MiB', async () => {
      fake.on(SEND_BY_APP, () => ({ json: answerOf(MiB - 1024) }));

      await expect(
        service.sendByApp({ unionId: 'u', spaceId: 's', dentryId: 'd' }),
      ).resolves.toMatchObject({ file: SAMPLE_FILE });
    });
  });

  it('a call after the application closed certainly sent nothing', async () => {
    await moduleRef.close();

    const error = await service
      .sendByApp({ unionId: 'u', spaceId: 's', dentryId: 'd' })
      .catch((e: unknown) => e);

    expect(error).toBeInstanceOf(DingTalkNetworkError);
    expect(error).toMatchObject({ requestSent: false, outcomeUnknown: false });
    expect((error as Error).message).not.toMatch(/may or may not/);
    expect(fake.requestsTo(SEND_BY_APP)).toHaveLength(0);
  });

  describe('secrets', () => {
    it('never appear in an error, its message or its inspected form', async () => {
      fake.on(SEND_BY_APP, () => ({ destroy: true }));
      const errors = [
        await service
          .sendByApp({ unionId: 'u', spaceId: 's', dentryId: 'd' })
          .catch((e: unknown) => e),
      ];
      fake.on(SEND_BY_APP, () => dingTalkError(400, 'InvalidAuthentication'));
      errors.push(
        await service
          .sendByApp({ unionId: 'u', spaceId: 's', dentryId: 'd' })
          .catch((e: unknown) => e),
      );
      fake.on(SEND_BY_APP, () => ({ hang: true }));
      errors.push(
        await service
          .sendByApp({ unionId: 'u', spaceId: 's', dentryId: 'd' })
          .catch((e: unknown) => e),
      );

      for (const error of errors) {
        const dump = inspect(error, { depth: 10, showHidden: true }) + JSON.stringify(error);
        expect(dump).not.toContain('token-');
        expect(dump).not.toContain(APP_SECRET);
      }
    });
  });
});
