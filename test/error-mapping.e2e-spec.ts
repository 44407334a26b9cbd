import { ConvFileService, DingTalkValidationError } from '@nest-dingtalk/conv-file';
import { createServer } from 'node:net';
import {
  PATHS,
  startTestApp,
  TEST_API_KEY,
  watchSandbox,
  WORLD,
  type TestApp,
} from './support/sample-app.test-helper';

describe('errors, in DingTalk shape with the status the code calls for', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp({ DINGTALK_TIMEOUT_MS: '300' });
  });
  afterAll(async () => t.close());
  afterEach(() => t.sandbox.faults.clear());

  const post = (path: string, unionId: string | undefined, body: unknown) =>
    t.http
      .post(unionId === undefined ? path : `${path}?unionId=${unionId}`)
      .set('x-api-key', TEST_API_KEY)
      .send(body as object);

  describe('validation: 400 with details, before any DingTalk call', () => {
    it('gives the same code, message and details as a programmatic call', async () => {
      const sandbox = watchSandbox(t.sandbox);
      const body = { spaceId: '  ', dentryId: WORLD.file, openConversationId: WORLD.group };
      const programmatic = await t.app
        .get(ConvFileService)
        .sendLink({ ...body, unionId: WORLD.member })
        .catch((error: unknown) => error as DingTalkValidationError);

      const response = await post(PATHS.SendLink, WORLD.member, body).expect(400);

      expect(programmatic).toBeInstanceOf(DingTalkValidationError);
      expect(response.body).toEqual({
        code: 'paramError.spaceId',
        message: programmatic.message,
        requestid: expect.any(String),
        details: [
          { field: 'spaceId', rule: 'isNotBlank', message: 'spaceId must not be empty or blank' },
        ],
      });
      expect(response.body.details).toEqual(programmatic.details);
      expect(sandbox.convFileCalls()).toBe(0);
    });

    it('refuses unknown fields', async () => {
      const sandbox = watchSandbox(t.sandbox);
      const response = await post(PATHS.SendByApp, WORLD.member, {
        spaceId: WORLD.space,
        dentryId: WORLD.file,
        extra: 'x',
      }).expect(400);

      expect(response.body.code).toBe('paramError');
      expect(response.body.details).toEqual([
        { field: 'extra', rule: 'whitelistValidation', message: 'extra is not a known field' },
      ]);
      expect(sandbox.convFileCalls()).toBe(0);
    });

    it('refuses a missing unionId and unknown query parameters', async () => {
      const sandbox = watchSandbox(t.sandbox);
      const missing = await post(PATHS.GetSpace, undefined, {
        openConversationId: WORLD.group,
      }).expect(400);
      const unknown = await t.http
        .post(`${PATHS.GetSpace}?unionId=${WORLD.member}&debug=1`)
        .set('x-api-key', TEST_API_KEY)
        .send({ openConversationId: WORLD.group })
        .expect(400);

      expect(missing.body.code).toBe('paramError');
      expect(missing.body.details[0]).toMatchObject({ field: 'unionId', rule: 'isDefined' });
      expect(unknown.body.details[0]).toMatchObject({
        field: 'debug',
        rule: 'whitelistValidation',
      });
      expect(sandbox.convFileCalls()).toBe(0);
    });

    it('refuses a body that is not a JSON object', async () => {
      const sandbox = watchSandbox(t.sandbox);
      const response = await t.http
        .post(`${PATHS.GetSpace}?unionId=${WORLD.member}`)
        .set('x-api-key', TEST_API_KEY)
        .set('content-type', 'application/json')
        .send('[]')
        .expect(400);

      expect(response.body.code).toBe('paramError');
      expect(response.body.details).toEqual([
        { field: 'input', rule: 'isObject', message: 'the input must be an object' },
      ]);
      expect(sandbox.convFileCalls()).toBe(0);
    });
  });

  it('403 permissionDenied (DingTalk says 403): the operator is not in the group', async () => {
    const response = await post(PATHS.SendLink, WORLD.outsider, {
      spaceId: WORLD.space,
      dentryId: WORLD.file,
      openConversationId: WORLD.group,
    }).expect(403);

    expect(response.body).toEqual({
      code: 'permissionDenied',
      message: expect.any(String),
      requestid: expect.any(String),
    });
  });

  it('403 permissionDenied (DingTalk says 400): the recipient may not read the space', async () => {
    const response = await post(PATHS.SendByApp, 'union-dave', {
      spaceId: WORLD.space,
      dentryId: WORLD.file,
    }).expect(403);

    expect(response.body.code).toBe('permissionDenied');
  });

  it.each([
    ['conversationNotExist', PATHS.GetSpace, { openConversationId: 'cid-missing' }],
    ['spaceNotExist', PATHS.SendByApp, { spaceId: 'space-missing', dentryId: WORLD.file }],
    ['dentryNotExist', PATHS.SendByApp, { spaceId: WORLD.space, dentryId: 'dentry-missing' }],
  ])('404 %s', async (code, path, body) => {
    const response = await post(path, WORLD.member, body).expect(404);

    expect(response.body.code).toBe(code);
  });

  it('502 with accessdenieddetail when the app lacks a scope', async () => {
    const readOnly = await startTestApp(
      {
        DINGTALK_APP_KEY: 'sandbox-read-only-app-key',
        DINGTALK_APP_SECRET: 'sandbox-read-only-app-secret',
      },
      t.sandbox,
    );
    try {
      const response = await readOnly.http
        .post(`${PATHS.SendByApp}?unionId=${WORLD.member}`)
        .set('x-api-key', TEST_API_KEY)
        .send({ spaceId: WORLD.space, dentryId: WORLD.file })
        .expect(502);

      expect(response.body).toEqual({
        code: 'Forbidden.AccessDenied.AccessTokenPermissionDenied',
        message: expect.any(String),
        requestid: expect.any(String),
        accessdenieddetail: { requiredScopes: ['ConvFile.File.Send'] },
      });
    } finally {
      await readOnly.close();
    }
  });

  it('429 with Retry-After when DingTalk throttles the app', async () => {
    t.sandbox.faults.failNext({
      code: 'Forbidden.AccessDenied.ApiCountLimitForOrg',
      status: 403,
      api: 'SendByApp',
    });

    const response = await post(PATHS.SendByApp, WORLD.member, {
      spaceId: WORLD.space,
      dentryId: WORLD.file,
    }).expect(429);

    expect(response.body.code).toBe('Forbidden.AccessDenied.ApiCountLimitForOrg');
    expect(Number(response.headers['retry-after'])).toBeGreaterThan(0);
  });

  it('429 with Retry-After: 1 when DingTalk still throttles after the retries', async () => {
    // DINGTALK_RETRY_MAX=0: the first throttling answer is the last (the default waits 1, 2, 4 s).
    const noRetries = await startTestApp({ DINGTALK_RETRY_MAX: '0' }, t.sandbox);
    try {
      t.sandbox.faults.failNext({
        code: 'Forbidden.AccessDenied.QpsLimitForAppkeyAndApi',
        status: 403,
        api: 'SendByApp',
      });
      const sandbox = watchSandbox(t.sandbox);

      const response = await noRetries.http
        .post(`${PATHS.SendByApp}?unionId=${WORLD.member}`)
        .set('x-api-key', TEST_API_KEY)
        .send({ spaceId: WORLD.space, dentryId: WORLD.file })
        .expect(429);

      expect(response.body).toEqual({
        code: 'Forbidden.AccessDenied.QpsLimitForAppkeyAndApi',
        message: expect.any(String),
        requestid: expect.any(String),
      });
      expect(response.headers['retry-after']).toBe('1');
      expect(sandbox.requests('SendByApp')).toBe(1);
    } finally {
      await noRetries.close();
    }
  });

  it("429 rateLimited with Retry-After when this server's own queue to DingTalk is full", async () => {
    // One call per second, and no call may wait more than a second for its turn.
    const paced = await startTestApp(
      { DINGTALK_RATE_LIMIT_PER_SECOND: '1', DINGTALK_RATE_LIMIT_MAX_WAIT_MS: '1000' },
      t.sandbox,
    );
    try {
      const sandbox = watchSandbox(t.sandbox);
      const calls = 10;

      const responses = await Promise.all(
        Array.from({ length: calls }, () =>
          paced.http
            .post(`${PATHS.GetSpace}?unionId=${WORLD.member}`)
            .set('x-api-key', TEST_API_KEY)
            .send({ openConversationId: WORLD.group }),
        ),
      );

      const served = responses.filter((response) => response.status === 200);
      const refused = responses.filter((response) => response.status === 429);
      expect(served.length + refused.length).toBe(calls);
      expect(refused.length).toBeGreaterThan(0);
      for (const response of refused) {
        expect(response.body).toEqual({
          code: 'rateLimited',
          message: expect.any(String),
          requestid: expect.any(String),
        });
        expect(Number(response.headers['retry-after'])).toBeGreaterThanOrEqual(1);
      }
      // Refused calls never left this server.
      expect(sandbox.requests('GetSpace')).toBe(served.length);
    } finally {
      await paced.close();
    }
  });

  it("503 upstreamBlocked with Retry-After: 300 when DingTalk blocks this server's IP", async () => {
    t.sandbox.faults.blockNext({ format: 'json', api: 'SendByApp' });

    const response = await post(PATHS.SendByApp, WORLD.member, {
      spaceId: WORLD.space,
      dentryId: WORLD.file,
    }).expect(503);

    expect(response.body).toEqual({
      code: 'upstreamBlocked',
      message: expect.any(String),
      requestid: expect.any(String),
    });
    expect(response.headers['retry-after']).toBe('300');
  });

  it("502 invalidClientIdOrSecret when DingTalk rejects the app's credentials, calling no API", async () => {
    const misconfigured = await startTestApp(
      { DINGTALK_APP_SECRET: 'not-the-sandbox-secret' },
      t.sandbox,
    );
    try {
      const sandbox = watchSandbox(t.sandbox);

      const response = await misconfigured.http
        .post(`${PATHS.SendByApp}?unionId=${WORLD.member}`)
        .set('x-api-key', TEST_API_KEY)
        .send({ spaceId: WORLD.space, dentryId: WORLD.file })
        .expect(502);

      expect(response.body).toEqual({
        code: 'invalidClientIdOrSecret',
        message: expect.any(String),
        requestid: expect.any(String),
      });
      expect(response.text).not.toContain('not-the-sandbox-secret');
      expect(sandbox.convFileCalls()).toBe(0);
    } finally {
      await misconfigured.close();
    }
  });

  it('500 systemError in DingTalk shape for an unexpected error, logged but not described', async () => {
    // Its own app: Nest's logger is process-wide, so the latest app created receives the log.
    const buggy = await startTestApp({}, t.sandbox);
    const bug = jest
      .spyOn(buggy.app.get(ConvFileService), 'sendByApp')
      .mockRejectedValueOnce(new TypeError('secret internals'));
    try {
      const response = await buggy.http
        .post(`${PATHS.SendByApp}?unionId=${WORLD.member}`)
        .set('x-api-key', TEST_API_KEY)
        .send({ spaceId: WORLD.space, dentryId: WORLD.file })
        .expect(500);

      expect(response.body).toEqual({
        code: 'systemError',
        message: 'Internal server error',
        requestid: response.headers['x-request-id'],
      });
      expect(response.text).not.toContain('secret internals');
      expect(bug).toHaveBeenCalledTimes(1);
      expect(buggy.logger.lines).toContainEqual(
        expect.stringContaining(`Unexpected error answering POST ${PATHS.SendByApp}`),
      );
    } finally {
      await buggy.close();
    }
  });

  it('502 when DingTalk fails', async () => {
    t.sandbox.faults.failNext({ code: 'systemError', status: 500, api: 'SendByApp' });

    const response = await post(PATHS.SendByApp, WORLD.member, {
      spaceId: WORLD.space,
      dentryId: WORLD.file,
    }).expect(502);

    expect(response.body.code).toBe('systemError');
  });

  it('504 upstreamTimeout when DingTalk answers later than DINGTALK_TIMEOUT_MS', async () => {
    // Outlasts the test: the answer never comes, so the app's timeout alone decides, however slow
    // the machine; closing the sandbox in afterAll releases it.
    t.sandbox.faults.setLatency(60_000, 'SendLink');

    const response = await post(PATHS.SendLink, WORLD.member, {
      spaceId: WORLD.space,
      dentryId: WORLD.file,
      openConversationId: WORLD.group,
    }).expect(504);

    expect(response.body).toEqual({
      code: 'upstreamTimeout',
      message: expect.stringContaining('within 300 ms'),
      requestid: expect.any(String),
    });
  });

  it('502 upstreamUnavailable when DingTalk cannot be reached', async () => {
    // A port nothing listens on, so connections are refused: it cannot come from listening on
    // port 0, since a listener would accept them. The kernel's pick, closed at once, is unused.
    const closedPort = await new Promise<number>((resolve) => {
      const probe = createServer().listen(0, '127.0.0.1', () => {
        const { port } = probe.address() as { port: number };
        probe.close(() => resolve(port));
      });
    });
    const unreachable = await startTestApp({
      DINGTALK_API_BASE_URL: `http://127.0.0.1:${closedPort}`,
    });
    try {
      const response = await unreachable.http
        .post(`${PATHS.SendByApp}?unionId=${WORLD.member}`)
        .set('x-api-key', TEST_API_KEY)
        .send({ spaceId: WORLD.space, dentryId: WORLD.file })
        .expect(502);

      expect(response.body.code).toBe('upstreamUnavailable');
    } finally {
      await unreachable.close();
    }
    // The library retries refused connections (token fetch and call) with backoff: seconds, not ms.
  }, 20_000);
});
