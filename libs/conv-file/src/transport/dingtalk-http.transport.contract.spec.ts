import { HttpModule, HttpService } from '@nestjs/axios';
import { Logger } from '@nestjs/common';
import { Test, type TestingModule } from '@nestjs/testing';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { inspect } from 'node:util';
import {
  ConvFileModule,
  ConvFileService,
  DingTalkApiError,
  DingTalkNetworkError,
  DingTalkTimeoutError,
  DingTalkTokenService,
  type ConvFileModuleOptions,
} from '@nest-dingtalk/conv-file';
import { APP_KEY, APP_SECRET } from '../../testing/conv-file.test-helper';
import {
  dingTalkError,
  FakeDingTalk,
  SAMPLE_FILE,
  TOKEN_PATH,
} from '../../testing/fake-dingtalk.server';

const SEND_BY_APP = '/v1.0/convFile/apps/conversations/files/send';
const GET_SPACE = '/v1.0/convFile/conversations/spaces/query';
const SEND_INPUT = { unionId: 'u', spaceId: 's', dentryId: 'd' };
const RETRIES = { maxRetries: 2, networkDelayMs: 0, throttleDelayMs: 0 };

/** Boots the module on one transport: undici (the default) or the app's HttpService. */
type Boot = (options: Partial<ConvFileModuleOptions>) => Promise<TestingModule>;

const undici: Boot = async (options) => {
  const moduleRef = await Test.createTestingModule({
    imports: [
      ConvFileModule.forRoot({
        appKey: APP_KEY,
        appSecret: APP_SECRET,
        rateLimit: false,
        ...options,
      }),
    ],
  }).compile();
  return moduleRef.init();
};

/** The app's own HttpModule, with an interceptor of its own, handed to the module. */
const axios: Boot = async (options) => {
  const moduleRef = await Test.createTestingModule({
    imports: [
      ConvFileModule.forRootAsync({
        imports: [HttpModule.register({ headers: { 'x-app-client': 'axios' } })],
        inject: [HttpService],
        useFactory: (httpService: HttpService) => {
          httpService.axiosRef.interceptors.request.use((config) => {
            config.headers.set('x-app-interceptor', 'ran');
            return config;
          });
          return {
            appKey: APP_KEY,
            appSecret: APP_SECRET,
            rateLimit: false,
            ...options,
            httpService,
          };
        },
      }),
    ],
  }).compile();
  return moduleRef.init();
};

/** A port nothing listens on: connections to it are refused. */
async function closedPort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}

/** Everything an error could leak through: its inspection, JSON, toJSON, and its cause chain. */
function everythingIn(error: unknown): string {
  const json = (error as { toJSON?: () => unknown }).toJSON?.();
  return [
    inspect(error, { depth: 10, showHidden: true }),
    JSON.stringify(error),
    JSON.stringify(json ?? null),
    inspect((error as { cause?: unknown }).cause, { depth: 10, showHidden: true }),
  ].join('\n');
}

describe.each([
  ['undici', undici],
  ['@nestjs/axios HttpService', axios],
])('the same transport contract on %s', (_name, boot) => {
  let fake: FakeDingTalk;
  let moduleRef: TestingModule | undefined;

  beforeEach(async () => {
    fake = await FakeDingTalk.start();
  });
  afterEach(async () => {
    Logger.overrideLogger(new Logger());
    await moduleRef?.close();
    moduleRef = undefined;
    await fake.close();
  });

  const start = async (options: Partial<ConvFileModuleOptions> = {}) => {
    moduleRef = await boot({ baseUrl: fake.url, ...options });
    return moduleRef.get(ConvFileService);
  };
  const failureOf = (promise: Promise<unknown>) => promise.catch((error: unknown) => error);

  it("sends DingTalk's request and returns its answer", async () => {
    const convFiles = await start();

    await expect(convFiles.sendByApp(SEND_INPUT)).resolves.toEqual({ file: SAMPLE_FILE });
    const [request] = fake.requestsTo(SEND_BY_APP);
    expect(request.method).toBe('POST');
    expect(request.rawQuery).toBe('unionId=u');
    expect(request.headers['content-type']).toBe('application/json');
    expect(request.headers.accept).toBe('application/json');
    expect(request.headers['x-acs-dingtalk-access-token']).toBe('token-1');
    expect(request.body).toEqual({ spaceId: 's', dentryId: 'd' });
  });

  it("turns DingTalk's error into a typed error with its code, status and request id", async () => {
    fake.on(SEND_BY_APP, () => dingTalkError(403, 'permissionDenied'));
    const convFiles = await start();

    const error = await failureOf(convFiles.sendByApp(SEND_INPUT));

    expect(error).toBeInstanceOf(DingTalkApiError);
    expect(error).toMatchObject({
      code: 'permissionDenied',
      status: 403,
      requestId: 'req-permissionDenied',
    });
  });

  it('ends a call at its deadline: a send times out with an unknown outcome and is not repeated', async () => {
    fake.on(SEND_BY_APP, () => ({ hang: true }));
    const convFiles = await start({ timeoutMs: 300, retry: RETRIES });

    const error = await failureOf(convFiles.sendByApp(SEND_INPUT));

    expect(error).toBeInstanceOf(DingTalkTimeoutError);
    expect(error).toMatchObject({ code: 'upstreamTimeout', outcomeUnknown: true });
    expect(fake.requestsTo(SEND_BY_APP)).toHaveLength(1);
  });

  it('ends a call whose answer stops coming after its headers at its deadline, outcome unknown', async () => {
    fake.on(SEND_BY_APP, () => ({ pieces: ['{"file":'], stallAfterPieces: true }));
    const convFiles = await start({ timeoutMs: 300, retry: RETRIES });

    const error = await failureOf(convFiles.sendByApp(SEND_INPUT));

    expect(error).toBeInstanceOf(DingTalkTimeoutError);
    expect(error).toMatchObject({ code: 'upstreamTimeout', outcomeUnknown: true });
    expect(fake.requestsTo(SEND_BY_APP)).toHaveLength(1);
  });

  it('reads an answer that comes in pieces, after a 103, and begins with a UTF-8 byte order mark', async () => {
    const json = JSON.stringify({ file: SAMPLE_FILE });
    const half = Math.floor(json.length / 2);
    fake.on(SEND_BY_APP, () => ({
      earlyHints: true,
      pieces: ['\ufeff', json.slice(0, half), json.slice(half)],
    }));
    const convFiles = await start();

    await expect(convFiles.sendByApp(SEND_INPUT)).resolves.toEqual({ file: SAMPLE_FILE });
  });

  it("takes DingTalk's request id from the header when the body has none", async () => {
    fake.on(SEND_BY_APP, () => ({
      status: 403,
      json: { code: 'permissionDenied', message: 'no' },
      headers: { 'x-acs-request-id': 'req-from-header' },
    }));
    const convFiles = await start();

    const error = await failureOf(convFiles.sendByApp(SEND_INPUT));

    expect(error).toMatchObject({ code: 'permissionDenied', requestId: 'req-from-header' });
  });

  it("has no request id when DingTalk's header is empty and the body has none", async () => {
    fake.on(SEND_BY_APP, () => ({
      status: 403,
      json: { code: 'permissionDenied', message: 'no' },
      headers: { 'x-acs-request-id': '' },
    }));
    const convFiles = await start();

    const error = await failureOf(convFiles.sendByApp(SEND_INPUT));

    expect(error).toMatchObject({ code: 'permissionDenied', requestId: undefined });
  });

  it('has no request id when DingTalk sent its header twice and the body has none', async () => {
    fake.on(SEND_BY_APP, () => ({
      status: 403,
      json: { code: 'permissionDenied', message: 'no' },
      headers: { 'x-acs-request-id': ['req-a', 'req-b'] },
    }));
    const convFiles = await start();

    const error = await failureOf(convFiles.sendByApp(SEND_INPUT));

    expect(error).toMatchObject({ code: 'permissionDenied', requestId: undefined });
  });

  it('sends to the path under a base URL that has one', async () => {
    fake.on(`/gateway/dingtalk${TOKEN_PATH}`, () => ({
      json: { accessToken: 'token-1', expireIn: 7200 },
    }));
    const convFiles = await start({ baseUrl: `${fake.url}/gateway/dingtalk` });

    await expect(convFiles.sendByApp(SEND_INPUT)).resolves.toEqual({ file: SAMPLE_FILE });
    expect(fake.requests.map((request) => request.path)).toEqual([
      `/gateway/dingtalk${TOKEN_PATH}`,
      `/gateway/dingtalk${SEND_BY_APP}`,
    ]);
  });

  it('a refused connection is certainly not sent, and is retried', async () => {
    const port = await closedPort();
    moduleRef = await boot({
      baseUrl: `http://127.0.0.1:${port}`,
      // A provider, so that the send itself is the first thing to meet the refusal.
      appKey: undefined,
      appSecret: undefined,
      accessTokenProvider: () => 'token',
      retry: RETRIES,
    });
    const retries: string[] = [];
    Logger.overrideLogger({
      log: () => undefined,
      error: () => undefined,
      warn: () => undefined,
      debug: (message: string) => retries.push(message),
    });

    const error = await failureOf(moduleRef.get(ConvFileService).sendByApp(SEND_INPUT));

    expect(error).toBeInstanceOf(DingTalkNetworkError);
    expect(error).toMatchObject({
      requestSent: false,
      outcomeUnknown: false,
      systemCode: 'ECONNREFUSED',
    });
    expect(retries).toEqual([
      expect.stringContaining('Retrying SendByApp (attempt 2)'),
      expect.stringContaining('Retrying SendByApp (attempt 3)'),
    ]);
  });

  it('a connection lost after the request was written: a send has an unknown outcome, never repeated', async () => {
    fake.on(SEND_BY_APP, () => ({ destroy: true }));
    const convFiles = await start({ retry: RETRIES });

    const error = await failureOf(convFiles.sendByApp(SEND_INPUT));

    expect(error).toBeInstanceOf(DingTalkNetworkError);
    expect(error).toMatchObject({ requestSent: true, outcomeUnknown: true });
    expect(fake.requestsTo(SEND_BY_APP)).toHaveLength(1);
  });

  it('a connection opened for a send and lost after the request was written: sent, outcome unknown', async () => {
    fake.on(SEND_BY_APP, () => ({ destroy: true }));
    // A provider, so that the send is the first request, on a connection of its own.
    const convFiles = await start({
      appKey: undefined,
      appSecret: undefined,
      accessTokenProvider: () => 'token',
      retry: RETRIES,
    });

    const error = await failureOf(convFiles.sendByApp(SEND_INPUT));

    expect(error).toBeInstanceOf(DingTalkNetworkError);
    expect(error).toMatchObject({ requestSent: true, outcomeUnknown: true });
    expect(fake.requests).toHaveLength(1);
  });

  it('a lost connection is retried for GetSpace, which changes nothing', async () => {
    fake.on(GET_SPACE, (_request, nth) =>
      nth === 1 ? { destroy: true } : { json: { space: { spaceId: 's' } } },
    );
    const convFiles = await start({ retry: RETRIES });

    await expect(convFiles.getSpace({ unionId: 'u', openConversationId: 'c' })).resolves.toEqual({
      space: { spaceId: 's' },
    });
    expect(fake.requestsTo(GET_SPACE)).toHaveLength(2);
  });

  it('refuses an answer over 1 MiB without reading it into an error', async () => {
    fake.on(SEND_BY_APP, () => ({ json: { file: SAMPLE_FILE, padding: 'x'.repeat(1024 * 1024) } }));
    const convFiles = await start({ retry: RETRIES });

    const error = await failureOf(convFiles.sendByApp(SEND_INPUT));

    expect(error).toBeInstanceOf(DingTalkNetworkError);
    expect(error).toMatchObject({ requestSent: true, outcomeUnknown: true });
    expect(everythingIn(error)).not.toContain('xxxxxxxx');
  });

  it('lets nothing of the request (token, app secret) escape in an error, its cause, JSON or inspection', async () => {
    fake.on(TOKEN_PATH, () => ({ destroy: true }));
    fake.on(SEND_BY_APP, () => ({ destroy: true }));
    await start({ retry: false });
    const tokenError = await failureOf(moduleRef!.get(DingTalkTokenService).getAccessToken());
    fake.on(TOKEN_PATH, () => ({ json: { accessToken: 'the-access-token', expireIn: 7200 } }));
    const sendError = await failureOf(moduleRef!.get(ConvFileService).sendByApp(SEND_INPUT));

    for (const error of [tokenError, sendError]) {
      expect(error).toBeInstanceOf(DingTalkNetworkError);
      expect(everythingIn(error)).not.toMatch(/super-secret|the-access-token|appSecret/);
    }
  });
});

describe('the undici transport', () => {
  it('calls a send made after the module shut down (its pool closed) certainly not sent', async () => {
    const fake = await FakeDingTalk.start();
    const moduleRef = await undici({
      baseUrl: fake.url,
      appKey: undefined,
      appSecret: undefined,
      accessTokenProvider: () => 'token',
      retry: false,
    });
    const convFiles = moduleRef.get(ConvFileService);
    await moduleRef.close();

    const error = await convFiles.sendByApp(SEND_INPUT).catch((thrown: unknown) => thrown);
    await fake.close();

    expect(error).toBeInstanceOf(DingTalkNetworkError);
    expect(error).toMatchObject({
      systemCode: expect.stringMatching(/^UND_ERR_(CLOSED|DESTROYED)$/),
      requestSent: false,
      outcomeUnknown: false,
    });
    expect(fake.requestsTo(SEND_BY_APP)).toHaveLength(0);
  });
});

describe('the @nestjs/axios transport uses the app’s client for every call', () => {
  it("applies the app's HttpModule settings and interceptors to convFile and token requests", async () => {
    const fake = await FakeDingTalk.start();
    const moduleRef = await axios({ baseUrl: fake.url });
    try {
      await moduleRef.get(ConvFileService).sendByApp(SEND_INPUT);

      for (const request of fake.requests) {
        expect(request.headers['x-app-client']).toBe('axios');
        expect(request.headers['x-app-interceptor']).toBe('ran');
      }
      expect(fake.requests.map((r) => r.path)).toEqual([TOKEN_PATH, SEND_BY_APP]);
    } finally {
      await moduleRef.close();
      await fake.close();
    }
  });
});
