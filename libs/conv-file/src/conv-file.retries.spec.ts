import { Logger, type LoggerService } from '@nestjs/common';
import type { TestingModule } from '@nestjs/testing';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  ConvFileService,
  DingTalkApiError,
  DingTalkAuthError,
  type ConvFileModuleOptions,
} from '@nest-dingtalk/conv-file';
import { bootConvFile } from '../testing/conv-file.test-helper';
import {
  dingTalkError,
  FakeDingTalk,
  SAMPLE_FILE,
  TOKEN_PATH,
} from '../testing/fake-dingtalk.server';

const SEND_BY_APP = '/v1.0/convFile/apps/conversations/files/send';
const SEND = '/v1.0/convFile/conversations/files/send';
const GET_SPACE = '/v1.0/convFile/conversations/spaces/query';
const THROTTLED = dingTalkError(403, 'Forbidden.AccessDenied.QpsLimitForAppkeyAndApi');
const FAST_RETRIES = { throttleDelayMs: 5, networkDelayMs: 5 };
const sendByApp = { unionId: 'u', spaceId: 's', dentryId: 'd' };

describe('retries', () => {
  let fake: FakeDingTalk;
  let moduleRef: TestingModule | undefined;

  beforeEach(async () => {
    fake = await FakeDingTalk.start();
  });

  afterEach(async () => {
    await moduleRef?.close();
    moduleRef = undefined;
    await fake.close();
  });

  async function service(options: Partial<ConvFileModuleOptions> = {}): Promise<ConvFileService> {
    moduleRef = await bootConvFile(fake.url, { retry: FAST_RETRIES, ...options });
    return moduleRef.get(ConvFileService);
  }

  describe('throttling answers', () => {
    it('are retried, and the caller sees the success', async () => {
      fake.on(SEND_BY_APP, (_request, nth) =>
        nth === 1 ? THROTTLED : { json: { file: SAMPLE_FILE } },
      );

      await expect((await service()).sendByApp(sendByApp)).resolves.toEqual({ file: SAMPLE_FILE });
      expect(fake.requestsTo(SEND_BY_APP)).toHaveLength(2);
    });

    it('past maxRetries, reach the caller as the throttling error', async () => {
      fake.on(SEND_BY_APP, () => THROTTLED);

      const error = await (
        await service({ retry: { ...FAST_RETRIES, maxRetries: 2 } })
      )
        .sendByApp(sendByApp)
        .catch((e: unknown) => e);

      expect(error).toBeInstanceOf(DingTalkApiError);
      expect(error).toMatchObject({ code: 'Forbidden.AccessDenied.QpsLimitForAppkeyAndApi' });
      expect(fake.requestsTo(SEND_BY_APP)).toHaveLength(3);
    });

    it('stop when the next wait would exceed the budget', async () => {
      fake.on(SEND_BY_APP, () => THROTTLED);

      // Waits of 32-48 ms, then 64-96 ms: the first always fits a 70 ms budget, the second never does.
      await (
        await service({ retry: { throttleDelayMs: 40, budgetMs: 70 } })
      )
        .sendByApp(sendByApp)
        .catch(() => undefined);

      expect(fake.requestsTo(SEND_BY_APP)).toHaveLength(2);
    });

    it('are not retried when retries are off', async () => {
      fake.on(SEND_BY_APP, () => THROTTLED);

      await (await service({ retry: false })).sendByApp(sendByApp).catch(() => undefined);

      expect(fake.requestsTo(SEND_BY_APP)).toHaveLength(1);
    });
  });

  it('a wait between attempts ends when the application shuts down, with the last failure', async () => {
    let firstAttempt!: () => void;
    const attempted = new Promise<void>((resolve) => (firstAttempt = resolve));
    fake.on(SEND_BY_APP, () => {
      firstAttempt();
      return THROTTLED;
    });
    const convFiles = await service({ retry: { throttleDelayMs: 60_000, budgetMs: 120_000 } });

    const outcome = convFiles.sendByApp(sendByApp).catch((e: unknown) => e);
    await attempted;
    await moduleRef!.close();
    moduleRef = undefined;

    await expect(outcome).resolves.toMatchObject({
      code: 'Forbidden.AccessDenied.QpsLimitForAppkeyAndApi',
    });
    expect(fake.requestsTo(SEND_BY_APP)).toHaveLength(1);
  });

  it('an invalid token is still refreshed and retried once when retries are off', async () => {
    fake.on(SEND_BY_APP, (request) =>
      request.headers['x-acs-dingtalk-access-token'] === 'token-1'
        ? dingTalkError(401, 'InvalidAuthentication')
        : { json: { file: SAMPLE_FILE } },
    );

    await expect((await service({ retry: false })).sendByApp(sendByApp)).resolves.toEqual({
      file: SAMPLE_FILE,
    });
    expect(fake.requestsTo(SEND_BY_APP)).toHaveLength(2);
  });

  it('an invalid token twice is final, and not retried as anything else', async () => {
    fake.on(SEND_BY_APP, () => dingTalkError(401, 'InvalidAuthentication'));

    await expect((await service()).sendByApp(sendByApp)).rejects.toBeInstanceOf(DingTalkAuthError);
    expect(fake.requestsTo(SEND_BY_APP)).toHaveLength(2);
  });

  describe('a send whose outcome is unknown', () => {
    it('is not retried after DingTalk failed it, and says the file may have been delivered', async () => {
      fake.on(SEND, () => dingTalkError(500, 'systemError'));

      const error = (await (
        await service()
      )
        .send({ ...sendByApp, openConversationId: 'c' })
        .catch((e: unknown) => e)) as DingTalkApiError;

      expect(error).toMatchObject({ code: 'systemError', status: 500, outcomeUnknown: true });
      expect(error.message).toMatch(/may or may not have been delivered/);
      expect(fake.requestsTo(SEND)).toHaveLength(1);
    });

    it('is not retried after the connection dropped', async () => {
      fake.on(SEND_BY_APP, () => ({ destroy: true }));

      await expect((await service()).sendByApp(sendByApp)).rejects.toMatchObject({
        outcomeUnknown: true,
      });
      expect(fake.requestsTo(SEND_BY_APP)).toHaveLength(1);
    });
  });

  describe('GetSpace, which changes nothing', () => {
    it('is retried after DingTalk failed it', async () => {
      const space = { spaceId: 's', corpId: 'c', createTime: 't', modifiedTime: 't' };
      fake.on(GET_SPACE, (_request, nth) =>
        nth === 1 ? dingTalkError(500, 'systemError') : { json: { space } },
      );

      await expect(
        (await service()).getSpace({ unionId: 'u', openConversationId: 'c' }),
      ).resolves.toEqual({ space });
      expect(fake.requestsTo(GET_SPACE)).toHaveLength(2);
    });

    it('is retried after a timeout', async () => {
      const space = { spaceId: 's', corpId: 'c', createTime: 't', modifiedTime: 't' };
      fake.on(GET_SPACE, (_request, nth) => (nth === 1 ? { hang: true } : { json: { space } }));

      const convFiles = await service({ timeoutMs: 100 });

      await expect(convFiles.getSpace({ unionId: 'u', openConversationId: 'c' })).resolves.toEqual({
        space,
      });
      expect(fake.requestsTo(GET_SPACE)).toHaveLength(2);
    });
  });

  it('a refused connection is retried, and the file is delivered once', async () => {
    const probe = createServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    const { port } = probe.address() as AddressInfo;
    await new Promise<void>((resolve) => probe.close(() => resolve()));
    const deliveries: string[] = [];
    const late = createServer((req, res) => {
      deliveries.push(req.url ?? '');
      res
        .writeHead(200, { 'content-type': 'application/json' })
        .end(JSON.stringify({ file: SAMPLE_FILE }));
    });
    moduleRef = await bootConvFile(`http://127.0.0.1:${port}`, {
      accessTokenProvider: () => 'token',
      retry: { maxRetries: 1, networkDelayMs: 0 },
    });
    // DingTalk comes up when the first refusal is logged as retried (binding to an IP address
    // is done at once), so the one retry finds it. After boot: compiling installs a logger.
    const retries: string[] = [];
    const started = new Promise<void>((resolve) => {
      Logger.overrideLogger({
        log: () => undefined,
        error: () => undefined,
        warn: () => undefined,
        debug: (message: string) => {
          retries.push(message);
          if (retries.length === 1) late.listen(port, '127.0.0.1', resolve);
        },
      });
    });

    try {
      const sent = moduleRef.get(ConvFileService).sendByApp(sendByApp);
      await started;
      await expect(sent).resolves.toEqual({ file: SAMPLE_FILE });
      expect(deliveries).toHaveLength(1);
      expect(retries).toEqual([expect.stringContaining('Retrying SendByApp (attempt 2)')]);
    } finally {
      Logger.overrideLogger(new Logger());
      await moduleRef.close();
      moduleRef = undefined;
      await new Promise<void>((resolve) => late.close(() => resolve()));
    }
  });

  it('logs each retry and its reason at debug level, without the token', async () => {
    const debug: string[] = [];
    const capture: LoggerService = {
      log: () => undefined,
      error: () => undefined,
      warn: () => undefined,
      debug: (message: string) => debug.push(message),
    };
    fake.on(SEND_BY_APP, (_request, nth) =>
      nth === 1 ? THROTTLED : { json: { file: SAMPLE_FILE } },
    );
    const convFiles = await service();
    // After boot: the testing module installs its own logger while compiling.
    Logger.overrideLogger(capture);

    try {
      await convFiles.sendByApp(sendByApp);
    } finally {
      Logger.overrideLogger(new Logger());
    }

    expect(debug).toEqual([
      expect.stringMatching(
        /^Retrying SendByApp \(attempt 2\) in \d+ ms: throttled: Forbidden\.AccessDenied\.QpsLimitForAppkeyAndApi$/,
      ),
    ]);
    expect(debug.join()).not.toContain('token-1');
  });

  it('does not retry the token request itself more than configured', async () => {
    fake.on(TOKEN_PATH, () => dingTalkError(500, 'systemError'));

    await (
      await service({ retry: { ...FAST_RETRIES, maxRetries: 1 } })
    )
      .sendByApp(sendByApp)
      .catch(() => undefined);

    expect(fake.requestsTo(TOKEN_PATH)).toHaveLength(2);
    expect(fake.requestsTo(SEND_BY_APP)).toHaveLength(0);
  });
});
