import { Module, UseGuards, type INestApplication } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { APP_FILTER, NestFactory, type AbstractHttpAdapter } from '@nestjs/core';
import { ExpressAdapter } from '@nestjs/platform-express';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import { ConvFileModule, DingTalkHttpExceptionFilter } from '@nest-dingtalk/conv-file';
import { convFileRoutes } from '@nest-dingtalk/conv-file/http';
import { createDingTalkSandbox, type DingTalkSandbox } from '@nest-dingtalk/sandbox';
import request from 'supertest';
import { ApiKeyGuard } from '../src/auth/api-key.guard';
import { AuthModule } from '../src/auth/auth.module';
import { UnionIdPolicyGuard } from '../src/auth/union-id-policy.guard';
import type { AppConfig } from '../src/config/app-config.interface';
import {
  OTHER_API_KEY,
  PATHS,
  TEST_API_KEY,
  watchSandbox,
  WORLD,
} from './support/sample-app.test-helper';

const BODY = { spaceId: WORLD.space, dentryId: WORLD.file };

/** What the sample app's guards read of its configuration: two keys, the first one restricted. */
const GUARD_CONFIG: Pick<AppConfig, 'apiKeys' | 'apiKeyPolicies'> = {
  apiKeys: [TEST_API_KEY, OTHER_API_KEY],
  apiKeyPolicies: { 'key-1': [WORLD.member] },
};

/**
 * The library's routes and filters, guarded by the sample app's guards, in an app of Nest's two
 * HTTP platforms: each must answer the same, in DingTalk's shape, whatever the platform.
 */
describe.each<[string, () => AbstractHttpAdapter]>([
  ['Express', () => new ExpressAdapter()],
  ['Fastify', () => new FastifyAdapter()],
])('on %s: the routes, the filters and the sample guards', (_platform, createAdapter) => {
  let sandbox: DingTalkSandbox;
  let app: INestApplication;
  let http: ReturnType<typeof request>;

  beforeAll(async () => {
    sandbox = await createDingTalkSandbox();
    @Module({
      imports: [
        ConfigModule.forRoot({ isGlobal: true, ignoreEnvFile: true, load: [() => GUARD_CONFIG] }),
        ConvFileModule.forRootAsync({
          // The guards are resolved in the module's scope: ApiKeyGuard injects AuthModule's service.
          imports: [AuthModule],
          useFactory: () => ({
            appKey: 'sandbox-app-key',
            appSecret: 'sandbox-app-secret',
            baseUrl: sandbox.url,
          }),
          http: convFileRoutes({ decorators: [UseGuards(ApiKeyGuard, UnionIdPolicyGuard)] }),
        }),
      ],
      providers: [{ provide: APP_FILTER, useExisting: DingTalkHttpExceptionFilter }],
    })
    class PlatformTestModule {}
    app = await NestFactory.create(PlatformTestModule, createAdapter(), {
      logger: false,
      abortOnError: false,
    });
    await app.listen(0, '127.0.0.1');
    http = request(app.getHttpServer());
  });
  afterAll(async () => {
    await app.close();
    await sandbox.close();
  });

  const sendByApp = (unionId: string, key?: string) => {
    const call = http.post(`${PATHS.SendByApp}?unionId=${unionId}`);
    return key === undefined ? call : call.set('x-api-key', key);
  };

  it('serves a call with a valid key, as DingTalk answers it', async () => {
    const response = await sendByApp(WORLD.member, TEST_API_KEY).send(BODY).expect(200);

    expect(response.body.file).toMatchObject({ id: WORLD.file, spaceId: WORLD.space });
    expect(sandbox.deliveries().at(-1)).toMatchObject({ api: 'SendByApp', unionId: WORLD.member });
  });

  it('refuses a call without a key (ApiKeyGuard) before DingTalk is called', async () => {
    const watch = watchSandbox(sandbox);

    const response = await sendByApp(WORLD.member).send(BODY).expect(401);

    expect(response.body).toEqual({ code: 'unauthorized', message: expect.any(String) });
    expect(watch.convFileCalls()).toBe(0);
  });

  it("refuses a unionId the key's policy does not list (UnionIdPolicyGuard)", async () => {
    await sendByApp(WORLD.otherMember, OTHER_API_KEY).send(BODY).expect(200);
    const response = await sendByApp(WORLD.otherMember, TEST_API_KEY).send(BODY).expect(403);

    expect(response.body.code).toBe('forbidden');
  });

  it("maps DingTalk's error to DingTalk's body and status", async () => {
    const response = await sendByApp(WORLD.member, TEST_API_KEY)
      .send({ spaceId: WORLD.space, dentryId: 'dentry-missing' })
      .expect(404);

    expect(response.body).toEqual({
      code: 'dentryNotExist',
      message: expect.any(String),
      requestid: expect.any(String),
    });
  });

  it('refuses bad input naming each field, with the id rules', async () => {
    const response = await sendByApp(WORLD.member, TEST_API_KEY)
      .send({ spaceId: ' ', dentryId: WORLD.file, extra: 1 })
      .expect(400);

    expect(response.body.details).toEqual([
      expect.objectContaining({ field: 'spaceId', rule: 'isNotBlank' }),
      expect.objectContaining({ field: 'extra', rule: 'whitelistValidation' }),
    ]);
  });

  it.each([
    ['text/plain', 'spaceId=x'],
    ['application/x-www-form-urlencoded', 'spaceId=x'],
    ['application/xml', '<spaceId/>'],
  ])('refuses a %s body with 415 unsupportedMediaType', async (contentType, body) => {
    const response = await sendByApp(WORLD.member, TEST_API_KEY)
      .set('content-type', contentType)
      .send(body)
      .expect(415);

    expect(response.body.code).toBe('unsupportedMediaType');
  });

  it("answers malformed JSON and unknown routes in DingTalk's shape (the global filter)", async () => {
    const malformed = await sendByApp(WORLD.member, TEST_API_KEY)
      .set('content-type', 'application/json')
      .send('{"spaceId":')
      .expect(400);
    const unknown = await http.post('/v1.0/convFile/unknown').expect(404);

    expect(malformed.body).toEqual({ code: 'paramError', message: expect.any(String) });
    expect(unknown.body).toEqual({ code: 'InvalidAction.NotFound', message: expect.any(String) });
  });

  it('echoes a well-formed inbound x-request-id in answers without a DingTalk one', async () => {
    const response = await sendByApp(WORLD.member).set('x-request-id', 'req-42').send(BODY);

    expect(response.body.requestid).toBe('req-42');
  });
});
