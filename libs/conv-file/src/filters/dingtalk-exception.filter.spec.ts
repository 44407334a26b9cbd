import {
  Controller,
  Get,
  Module,
  Param,
  UseFilters,
  type ArgumentsHost,
  type INestApplication,
} from '@nestjs/common';
import { Test } from '@nestjs/testing';
import request from 'supertest';
import type { IncomingMessage, ServerResponse } from 'node:http';
import {
  ANSWERED_DINGTALK_ERROR,
  ConvFileModule,
  DingTalkApiError,
  DingTalkAuthError,
  DingTalkError,
  DingTalkExceptionFilter,
  DingTalkHttpExceptionFilter,
  DingTalkNetworkError,
  DingTalkTimeoutError,
  DingTalkValidationError,
  toDingTalkHttpAnswer,
} from '@nest-dingtalk/conv-file';

const apiError = (code: string, status = 400, extra = {}) =>
  new DingTalkApiError(`${code} from DingTalk`, {
    code,
    status,
    requestId: 'req-1',
    api: 'SendByApp',
    ...extra,
  });

describe('toDingTalkHttpAnswer: the status follows the code', () => {
  it.each([
    ['paramError', apiError('paramError'), 400],
    ['paramError.spaceId', apiError('paramError.spaceId'), 400],
    ['permissionDenied sent with 400', apiError('permissionDenied', 400), 403],
    ['permissionDenied sent with 403', apiError('permissionDenied', 403), 403],
    ['conversationNotExist', apiError('conversationNotExist', 404), 404],
    ['spaceNotExist', apiError('spaceNotExist', 404), 404],
    ['dentryNotExist', apiError('dentryNotExist', 404), 404],
    [
      'QpsLimitForAppkeyAndApi',
      apiError('Forbidden.AccessDenied.QpsLimitForAppkeyAndApi', 403),
      429,
    ],
    ['QpsLimitForApi', apiError('Forbidden.AccessDenied.QpsLimitForApi', 403), 429],
    [
      'QpmLimitForAppkeyAndApi',
      apiError('Forbidden.AccessDenied.QpmLimitForAppkeyAndApi', 403),
      429,
    ],
    ['ApiCountLimitForOrg', apiError('Forbidden.AccessDenied.ApiCountLimitForOrg', 403), 429],
    [
      'InvalidAuthentication after the retry',
      new DingTalkAuthError('m', { code: 'InvalidAuthentication', status: 401 }),
      502,
    ],
    [
      'invalidClientIdOrSecret',
      new DingTalkAuthError('m', { code: 'invalidClientIdOrSecret', status: 400 }),
      502,
    ],
    [
      'AccessTokenPermissionDenied',
      apiError('Forbidden.AccessDenied.AccessTokenPermissionDenied', 403),
      502,
    ],
    ['IpNotInWhiteList', apiError('Forbidden.AccessDenied.IpNotInWhiteList', 403), 502],
    ['systemError', apiError('systemError', 500), 502],
    ['unknownError', apiError('unknownError', 500), 502],
    ['system.error sent with 400', apiError('system.error', 400), 502],
    ['an unknown 5xx code', apiError('somethingNew', 503), 502],
    ['an unknown 4xx code (documented default)', apiError('somethingNew', 400), 502],
    ['a non-JSON answer', apiError('upstreamBadResponse', 403), 502],
    ['the per-IP block', apiError('upstreamBlocked', 403), 503],
    ['a timeout', new DingTalkTimeoutError('m', { timeoutMs: 10, outcomeUnknown: true }), 504],
    [
      'a connection failure',
      new DingTalkNetworkError('m', { systemCode: 'ECONNREFUSED', requestSent: false }),
      502,
    ],
    [
      'a validation failure',
      new DingTalkValidationError('m', { code: 'paramError.dentryId', details: [] }),
      400,
    ],
  ])('%s → %i', (_case, error, status) => {
    expect(toDingTalkHttpAnswer(error).status).toBe(status);
  });

  it('uses the library codes for timeouts and connection failures', () => {
    expect(
      toDingTalkHttpAnswer(new DingTalkTimeoutError('m', { timeoutMs: 10, outcomeUnknown: true }))
        .body.code,
    ).toBe('upstreamTimeout');
    expect(
      toDingTalkHttpAnswer(
        new DingTalkNetworkError('m', { systemCode: 'ECONNRESET', requestSent: true }),
      ).body.code,
    ).toBe('upstreamUnavailable');
  });

  it('gives Retry-After: 1 s for per-second limits, 60 s for per-minute limits', () => {
    expect(
      toDingTalkHttpAnswer(apiError('Forbidden.AccessDenied.QpsLimitForAppkeyAndApi'))
        .retryAfterSeconds,
    ).toBe(1);
    expect(
      toDingTalkHttpAnswer(apiError('Forbidden.AccessDenied.QpmLimitForAppkeyAndApi'))
        .retryAfterSeconds,
    ).toBe(60);
  });

  it('says the monthly quota is used up, and retries at the next month in China time', () => {
    const answer = toDingTalkHttpAnswer(
      apiError('Forbidden.AccessDenied.ApiCountLimitForOrg'),
      {},
      new Date('2026-11-30T15:00:00Z'), // 23:00 on 30 Nov in UTC+8
    );

    expect(answer.body.message).toMatch(/monthly API call quota is used up/);
    expect(answer.retryAfterSeconds).toBe(3600);
  });

  it('passes code and requiredScopes on for operators', () => {
    const answer = toDingTalkHttpAnswer(
      apiError('Forbidden.AccessDenied.AccessTokenPermissionDenied', 403, {
        accessDeniedDetail: { requiredScopes: ['ConvFile.File.Send'] },
      }),
    );

    expect(answer.body).toEqual({
      code: 'Forbidden.AccessDenied.AccessTokenPermissionDenied',
      message: 'Forbidden.AccessDenied.AccessTokenPermissionDenied from DingTalk',
      requestid: 'req-1',
      accessdenieddetail: { requiredScopes: ['ConvFile.File.Send'] },
    });
  });

  it('lets overrides win over the table', () => {
    expect(
      toDingTalkHttpAnswer(apiError('permissionDenied'), { permissionDenied: 404 }).status,
    ).toBe(404);
  });
});

describe('DingTalkExceptionFilter over HTTP', () => {
  const errors: Record<string, DingTalkError> = {
    throttled: apiError('Forbidden.AccessDenied.QpsLimitForAppkeyAndApi', 403),
    denied: apiError('permissionDenied', 400),
    invalid: new DingTalkValidationError('Invalid SendByApp input: spaceId must be a string', {
      code: 'paramError.spaceId',
      details: [{ field: 'spaceId', rule: 'isString', message: 'spaceId must be a string' }],
    }),
    timeout: new DingTalkTimeoutError('DingTalk did not answer', {
      timeoutMs: 10,
      outcomeUnknown: true,
    }),
  };

  @Controller('fail')
  @UseFilters(DingTalkExceptionFilter)
  class FailingController {
    @Get(':name')
    fail(@Param('name') name: string): never {
      throw errors[name];
    }
  }

  @Controller('raw')
  class UnfilteredController {
    @Get(':name')
    fail(@Param('name') name: string): never {
      throw errors[name];
    }
  }

  let app: INestApplication;
  /** What each finished request carried under ANSWERED_DINGTALK_ERROR, as a request log reads it. */
  let answered: unknown[];

  async function start(
    overrides?: Record<string, number>,
    globalFilter?: DingTalkExceptionFilter | DingTalkHttpExceptionFilter,
  ) {
    @Module({
      imports: [
        ConvFileModule.forRoot({ appKey: 'k', appSecret: 's', errorStatusOverrides: overrides }),
      ],
      controllers: [FailingController, UnfilteredController],
    })
    class AppModule {}
    const moduleRef = await Test.createTestingModule({ imports: [AppModule] }).compile();
    app = moduleRef.createNestApplication({ logger: false });
    answered = [];
    app.use(
      (
        req: IncomingMessage & { [ANSWERED_DINGTALK_ERROR]?: unknown },
        res: ServerResponse,
        next: () => void,
      ) => {
        res.once('finish', () => answered.push(req[ANSWERED_DINGTALK_ERROR]));
        next();
      },
    );
    if (globalFilter) app.useGlobalFilters(globalFilter);
    await app.listen(0, '127.0.0.1');
  }

  afterEach(async () => app.close());

  it("answers 429 with Retry-After and DingTalk's error shape", async () => {
    await start();

    const response = await request(app.getHttpServer()).get('/fail/throttled').expect(429);

    expect(response.headers['retry-after']).toBe('1');
    expect(response.body).toEqual({
      code: 'Forbidden.AccessDenied.QpsLimitForAppkeyAndApi',
      message: 'Forbidden.AccessDenied.QpsLimitForAppkeyAndApi from DingTalk',
      requestid: 'req-1',
    });
  });

  it('answers validation failures with per-field details and the inbound request id', async () => {
    await start();

    const response = await request(app.getHttpServer())
      .get('/fail/invalid')
      .set('x-request-id', 'abc-123')
      .expect(400);

    expect(response.body).toEqual({
      code: 'paramError.spaceId',
      message: 'Invalid SendByApp input: spaceId must be a string',
      requestid: 'abc-123',
      details: [{ field: 'spaceId', rule: 'isString', message: 'spaceId must be a string' }],
    });
  });

  it('leaves out an inbound request id that is not safe to echo', async () => {
    await start();

    const response = await request(app.getHttpServer())
      .get('/fail/invalid')
      .set('x-request-id', '<script>alert(1)</script> "injected"')
      .expect(400);

    expect(response.body.code).toBe('paramError.spaceId');
    expect(response.body).not.toHaveProperty('requestid');
    expect(response.text).not.toContain('injected');
  });

  it('answers 504 upstreamTimeout', async () => {
    await start();

    const response = await request(app.getHttpServer()).get('/fail/timeout').expect(504);
    expect(response.body.code).toBe('upstreamTimeout');
  });

  it('honours the module option errorStatusOverrides when resolved through DI', async () => {
    await start({ permissionDenied: 409 });

    await request(app.getHttpServer()).get('/fail/denied').expect(409);
  });

  it('is not applied automatically', async () => {
    await start();

    await request(app.getHttpServer()).get('/raw/denied').expect(500);
  });

  it('leaves the error it answered on the request, under ANSWERED_DINGTALK_ERROR', async () => {
    await start();

    await request(app.getHttpServer()).get('/fail/denied').expect(403);
    await request(app.getHttpServer()).get('/fail/timeout').expect(504);

    expect(answered).toEqual([errors.denied, errors.timeout]);
    expect(answered[0]).toBe(errors.denied);
  });

  it('DingTalkHttpExceptionFilter leaves a library error it answered, and nothing for others', async () => {
    await start(undefined, new DingTalkHttpExceptionFilter());

    await request(app.getHttpServer()).get('/raw/throttled').expect(429);
    await request(app.getHttpServer()).get('/no-such-route').expect(404);

    expect(answered).toEqual([errors.throttled, undefined]);
  });

  it('works as a global filter constructed by hand', async () => {
    await start(
      undefined,
      new DingTalkExceptionFilter({ errorStatusOverrides: { permissionDenied: 418 } }),
    );

    const response = await request(app.getHttpServer()).get('/raw/throttled').expect(429);
    expect(response.headers['retry-after']).toBe('1');
    await request(app.getHttpServer()).get('/raw/denied').expect(418);
  });
});

describe('DingTalkExceptionFilter outside HTTP', () => {
  it.each(['rpc', 'ws'])('rethrows the error in a %s context and writes no answer', (type) => {
    const written: unknown[] = [];
    const response = {
      headersSent: false,
      setHeader: (name: string, value: string) => written.push({ header: name, value }),
      end: () => written.push('end'),
      status: (status: number) => ({ json: (body: unknown) => written.push({ status, body }) }),
    };
    const host = {
      getType: () => type,
      switchToHttp: () => ({ getRequest: () => ({ headers: {} }), getResponse: () => response }),
    } as unknown as ArgumentsHost;
    const error = apiError('Forbidden.AccessDenied.QpsLimitForAppkeyAndApi', 403);

    expect(() => new DingTalkExceptionFilter().catch(error, host)).toThrow(error);
    expect(written).toEqual([]);
  });
});
