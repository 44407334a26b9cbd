import {
  Controller,
  ForbiddenException,
  Get,
  Injectable,
  Module,
  UseGuards,
  type CanActivate,
  type ExecutionContext,
  type INestApplication,
} from '@nestjs/common';
import { APP_GUARD, RouterModule } from '@nestjs/core';
import { Test } from '@nestjs/testing';
import { ConvFileModule } from '@nest-dingtalk/conv-file';
import { convFileRoutes, type ConvFileHttpOptions } from '@nest-dingtalk/conv-file/http';
import { createDingTalkSandbox, type DingTalkSandbox } from '@nest-dingtalk/sandbox';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import request from 'supertest';
import {
  OTHER_API_KEY,
  PATHS,
  startTestApp,
  TEST_API_KEY,
  watchSandbox,
  WORLD,
  type TestApp,
} from './support/sample-app.test-helper';

const BODY = { spaceId: WORLD.space, dentryId: WORLD.file };

describe("the sample app's per-key unionId policy", () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp({
      API_KEYS: `${TEST_API_KEY},${OTHER_API_KEY}`,
      API_KEY_POLICIES: `${TEST_API_KEY}:${WORLD.member}|union-dave`,
    });
  });
  afterAll(async () => t.close());

  const sendByApp = (key: string, unionId: string) =>
    t.http.post(`${PATHS.SendByApp}?unionId=${unionId}`).set('x-api-key', key).send(BODY);

  it('lets a key act for a unionId its policy lists', async () => {
    await sendByApp(TEST_API_KEY, WORLD.member).expect(200);
  });

  it('refuses a unionId the policy does not list, without calling DingTalk', async () => {
    const sandbox = watchSandbox(t.sandbox);

    const response = await sendByApp(TEST_API_KEY, WORLD.otherMember).expect(403);

    expect(response.body).toEqual({
      code: 'forbidden',
      message: 'This API key may not act for this unionId',
      requestid: expect.any(String),
    });
    expect(sandbox.convFileCalls()).toBe(0);
    expect(sandbox.deliveries()).toEqual([]);
  });

  it('leaves keys without a policy unrestricted', async () => {
    await sendByApp(OTHER_API_KEY, WORLD.otherMember).expect(200);
  });

  it('still asks for a valid key first', async () => {
    await sendByApp('unknown-key-0123456789', WORLD.member).expect(401);
  });
});

describe('guards of an importing app', () => {
  /** Shared by the guards through DI, from a module given to forRootAsync({ imports }). */
  @Injectable()
  class GuardLog {
    readonly calls: string[] = [];
    refuse: string | undefined;
    record(name: string): boolean {
      this.calls.push(name);
      if (this.refuse === name) throw new ForbiddenException();
      return true;
    }
  }
  @Module({ providers: [GuardLog], exports: [GuardLog] })
  class GuardLogModule {}

  @Injectable()
  class FirstGuard implements CanActivate {
    constructor(private readonly log: GuardLog) {}
    canActivate(): boolean {
      return this.log.record('first');
    }
  }
  @Injectable()
  class SecondGuard implements CanActivate {
    constructor(private readonly log: GuardLog) {}
    canActivate(context: ExecutionContext): boolean {
      // Sees the request like any guard does.
      const { query } = context.switchToHttp().getRequest<{ query: { unionId?: string } }>();
      return this.log.record(`second:${query.unionId}`);
    }
  }
  @Injectable()
  class GlobalGuard implements CanActivate {
    constructor(private readonly log: GuardLog) {}
    canActivate(): boolean {
      return this.log.record('global');
    }
  }

  /** A route of the app itself, outside the library. */
  @Controller('open')
  class OpenController {
    @Get()
    open(): string {
      return 'open';
    }
  }

  let sandbox: DingTalkSandbox;
  let app: INestApplication | undefined;
  let log: GuardLog;

  beforeAll(async () => {
    sandbox = await createDingTalkSandbox();
  });
  afterAll(async () => sandbox.close());
  afterEach(async () => {
    await app?.close();
    app = undefined;
  });

  async function start(
    http: ConvFileHttpOptions | undefined,
    withGlobalGuard = false,
    mountedAt?: string,
  ) {
    const moduleRef = await Test.createTestingModule({
      imports: [
        GuardLogModule,
        ...(mountedAt
          ? [RouterModule.register([{ path: mountedAt, module: ConvFileModule }])]
          : []),
        ConvFileModule.forRootAsync({
          imports: [GuardLogModule],
          useFactory: () => ({
            appKey: 'sandbox-app-key',
            appSecret: 'sandbox-app-secret',
            baseUrl: sandbox.url,
          }),
          http: http && convFileRoutes(http),
        }),
      ],
      controllers: [OpenController],
      providers: withGlobalGuard ? [{ provide: APP_GUARD, useClass: GlobalGuard }] : [],
    }).compile();
    const created = moduleRef.createNestApplication({ logger: false });
    app = created;
    const server = (await created.listen(0, '127.0.0.1')) as Server;
    log = created.get(GuardLog);
    return request(`http://127.0.0.1:${(server.address() as AddressInfo).port}`);
  }

  it('serves no routes unless asked to', async () => {
    const http = await start(undefined);

    await http.post(`${PATHS.SendByApp}?unionId=${WORLD.member}`).send(BODY).expect(404);
  });

  it("runs the listed guards in order, resolved through DI, under RouterModule's path", async () => {
    const http = await start(
      { decorators: [UseGuards(FirstGuard, SecondGuard)] },
      false,
      'dingtalk',
    );

    await http.post(`/dingtalk${PATHS.SendByApp}?unionId=${WORLD.member}`).send(BODY).expect(200);

    expect(log.calls).toEqual(['first', `second:${WORLD.member}`]);
    await http.post(`${PATHS.SendByApp}?unionId=${WORLD.member}`).send(BODY).expect(404);
  });

  it("stops at the first refusing guard, answers in DingTalk's shape, and calls nothing", async () => {
    const http = await start({ decorators: [UseGuards(FirstGuard, SecondGuard)] });
    log.refuse = 'first';
    const watch = watchSandbox(sandbox);

    const response = await http
      .post(`${PATHS.SendByApp}?unionId=${WORLD.member}`)
      .send(BODY)
      .expect(403);

    expect(response.body).toEqual({ code: 'forbidden', message: expect.any(String) });
    expect(log.calls).toEqual(['first']);
    expect(watch.convFileCalls()).toBe(0);
  });

  it("runs the app's own APP_GUARD first, and it can refuse", async () => {
    const http = await start({ decorators: [UseGuards(FirstGuard)] }, true);

    await http.post(`${PATHS.SendByApp}?unionId=${WORLD.member}`).send(BODY).expect(200);
    expect(log.calls).toEqual(['global', 'first']);

    log.refuse = 'global';
    await http.post(`${PATHS.SendByApp}?unionId=${WORLD.member}`).send(BODY).expect(403);
    expect(log.calls).toEqual(['global', 'first', 'global']);
  });

  it('installs no global guard of its own: routes elsewhere in the app stay open', async () => {
    const http = await start({ decorators: [UseGuards(FirstGuard)] });
    log.refuse = 'first';

    await http.get('/open').expect(200);
    expect(log.calls).toEqual([]);
  });
});
