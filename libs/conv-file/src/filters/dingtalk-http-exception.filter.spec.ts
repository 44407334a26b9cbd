import {
  BadRequestException,
  ConflictException,
  Controller,
  Get,
  HttpException,
  Module,
  Param,
  UnauthorizedException,
  type ArgumentsHost,
  type INestApplication,
} from '@nestjs/common';
import { Test } from '@nestjs/testing';
import request from 'supertest';
import {
  ConvFileModule,
  DingTalkApiError,
  DingTalkHttpExceptionFilter,
} from '@nest-dingtalk/conv-file';
import { recordNestLogs } from '../../testing/nest-log.test-helper';
import { toGatewayHttpAnswer } from './gateway-error-status.mapper';

/** What Express's body parser throws for a body over its limit (the `http-errors` convention). */
function bodyTooLarge(): Error {
  return Object.assign(new Error('request entity too large'), {
    status: 413,
    statusCode: 413,
    expose: true,
    type: 'entity.too.large',
  });
}

/** Nest's logger replaced by one that keeps `level message` lines, until `restore()`. */
function captureLogs(): { lines: string[]; restore: () => void } {
  const recorded = recordNestLogs();
  return {
    get lines() {
      return recorded.lines.map(({ level, message }) => `${level} ${message}`);
    },
    restore: recorded.restore,
  };
}

/** A host of the given type around an Express-like response that records what is written. */
function fakeHost(type: string, request: object = { headers: {} }) {
  const written: unknown[] = [];
  const response = {
    headersSent: false,
    setHeader: (name: string, value: string) => written.push({ header: name, value }),
    end: () => written.push('end'),
    status: (status: number) => ({ json: (body: unknown) => written.push({ status, body }) }),
  };
  const host = {
    getType: () => type,
    switchToHttp: () => ({ getRequest: () => request, getResponse: () => response }),
  } as unknown as ArgumentsHost;
  return { host, written };
}

describe('toGatewayHttpAnswer', () => {
  it.each([
    ['malformed JSON', 400, 'paramError', new BadRequestException('Unexpected token } in JSON')],
    ['a refusing guard', 401, 'unauthorized', new UnauthorizedException()],
    ['an unknown route', 404, 'InvalidAction.NotFound', new HttpException('Cannot POST /x', 404)],
    ['throttling', 429, 'tooManyRequests', new HttpException('ThrottlerException: Too Many', 429)],
    ['a body over the limit', 413, 'payloadTooLarge', bodyTooLarge()],
    ['another 4xx', 409, 'requestError', new ConflictException()],
    ['another 5xx', 501, 'systemError', new HttpException('x', 501)],
  ] as const)('%s → %i %s, with the table message', (_case, status, code, error) => {
    const answer = toGatewayHttpAnswer(error);

    expect(answer.status).toBe(status);
    expect(answer.body.code).toBe(code);
    // Nest's own texts may repeat the path or a piece of the body: never passed on.
    expect(answer.body.message).not.toMatch(/Unexpected token|Cannot POST|ThrottlerException/);
  });

  it("keeps an HttpException's explicit code and message", () => {
    const answer = toGatewayHttpAnswer(
      new UnauthorizedException({ code: 'unauthorized', message: 'Missing x-api-key' }),
    );

    expect(answer).toEqual({
      status: 401,
      body: { code: 'unauthorized', message: 'Missing x-api-key' },
    });
  });

  it('answers anything else as a 500 systemError that says nothing', () => {
    const answer = toGatewayHttpAnswer(new TypeError('secret internals'));

    expect(answer).toEqual({
      status: 500,
      body: { code: 'systemError', message: 'Internal server error' },
    });
  });

  it('treats 5xx http-errors as unexpected (only 4xx ones are exposed)', () => {
    const error = Object.assign(new Error('boom'), { status: 502, expose: false });

    expect(toGatewayHttpAnswer(error).status).toBe(500);
  });
});

describe('DingTalkHttpExceptionFilter over HTTP', () => {
  const errors: Record<string, unknown> = {
    unauthorized: new UnauthorizedException(),
    tooLarge: bodyTooLarge(),
    bug: new TypeError('secret internals'),
    denied: new DingTalkApiError('denied', {
      code: 'permissionDenied',
      status: 400,
      requestId: 'dt-1',
    }),
  };

  @Controller('fail')
  class FailingController {
    @Get(':name')
    fail(@Param('name') name: string): never {
      throw errors[name];
    }
  }

  let app: INestApplication;

  async function start(filter: 'di' | 'by hand') {
    @Module({
      imports: [
        ConvFileModule.forRoot({
          appKey: 'k',
          appSecret: 's',
          errorStatusOverrides: { permissionDenied: 418 },
        }),
      ],
      controllers: [FailingController],
    })
    class AppModule {}
    const moduleRef = await Test.createTestingModule({ imports: [AppModule] }).compile();
    app = moduleRef.createNestApplication({ logger: false });
    app.useGlobalFilters(
      filter === 'di' ? app.get(DingTalkHttpExceptionFilter) : new DingTalkHttpExceptionFilter(),
    );
    await app.listen(0, '127.0.0.1');
  }

  afterEach(async () => app.close());

  it.each(['di', 'by hand'] as const)(
    'answers Nest, body-parser and unexpected errors in DingTalk shape (%s)',
    async (how) => {
      await start(how);
      const http = request(app.getHttpServer());

      const unauthorized = await http.get('/fail/unauthorized').set('x-request-id', 'r-1');
      const tooLarge = await http.get('/fail/tooLarge');
      const bug = await http.get('/fail/bug');
      const unknownRoute = await http.post('/nowhere');

      expect([unauthorized.status, unauthorized.body]).toEqual([
        401,
        { code: 'unauthorized', message: 'The caller is not authenticated', requestid: 'r-1' },
      ]);
      expect([tooLarge.status, tooLarge.body.code]).toEqual([413, 'payloadTooLarge']);
      expect([bug.status, bug.body.code]).toEqual([500, 'systemError']);
      expect(bug.text).not.toContain('secret internals');
      expect([unknownRoute.status, unknownRoute.body.code]).toEqual([
        404,
        'InvalidAction.NotFound',
      ]);
    },
  );

  it('echoes a safe inbound request id, and leaves out one that is not', async () => {
    await start('di');
    const http = request(app.getHttpServer());

    const safe = await http.get('/fail/unauthorized').set('x-request-id', 'trace-1.a:b_c');
    const unsafe = await http
      .get('/fail/unauthorized')
      .set('x-request-id', `${'x'.repeat(129)} and "more"`);

    expect(safe.body.requestid).toBe('trace-1.a:b_c');
    expect(unsafe.status).toBe(401);
    expect(unsafe.body).toEqual({
      code: 'unauthorized',
      message: 'The caller is not authenticated',
    });
  });

  it('logs an unexpected error with its method and path, never the query string', async () => {
    await start('di');
    const logs = captureLogs();
    try {
      await request(app.getHttpServer()).get('/fail/bug?userId=user-secret-1').expect(500);
    } finally {
      logs.restore();
    }

    expect(logs.lines).toEqual(['error Unexpected error answering GET /fail/bug']);
  });

  it('does not log the errors it answers with a 4xx: the caller is told what to fix', async () => {
    await start('di');
    const logs = captureLogs();
    try {
      await request(app.getHttpServer()).get('/fail/unauthorized').expect(401);
      await request(app.getHttpServer()).get('/fail/tooLarge').expect(413);
      await request(app.getHttpServer()).post('/nowhere').expect(404);
    } finally {
      logs.restore();
    }

    expect(logs.lines).toEqual([]);
  });

  it("answers library errors as DingTalkExceptionFilter does, with the module's overrides", async () => {
    await start('di');

    const response = await request(app.getHttpServer()).get('/fail/denied').expect(418);

    expect(response.body).toEqual({
      code: 'permissionDenied',
      message: 'denied',
      requestid: 'dt-1',
    });
  });
});

describe('DingTalkHttpExceptionFilter outside HTTP', () => {
  it.each(['rpc', 'ws'])('rethrows in a %s context and writes nothing', (type) => {
    const { host, written } = fakeHost(type);
    const error = new UnauthorizedException();

    expect(() => new DingTalkHttpExceptionFilter().catch(error, host)).toThrow(error);
    expect(written).toEqual([]);
  });

  it('rethrows a library error in an rpc context too', () => {
    const { host, written } = fakeHost('rpc');
    const error = new DingTalkApiError('denied', { code: 'permissionDenied', status: 403 });

    expect(() => new DingTalkHttpExceptionFilter().catch(error, host)).toThrow(error);
    expect(written).toEqual([]);
  });
});

describe('DingTalkHttpExceptionFilter on a request without method or url', () => {
  it('still answers 500 systemError, and logs placeholders for what the request lacks', () => {
    const { host, written } = fakeHost('http', {});
    const logs = captureLogs();
    try {
      new DingTalkHttpExceptionFilter().catch(new TypeError('secret internals'), host);
    } finally {
      logs.restore();
    }

    expect(logs.lines).toEqual(['error Unexpected error answering ? ']);
    expect(written).toEqual([
      { status: 500, body: { code: 'systemError', message: 'Internal server error' } },
    ]);
  });
});
