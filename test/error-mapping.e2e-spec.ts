import { ConvFileService, DingTalkValidationError } from '@nest-dingtalk/conv-file';
import { createServer } from 'node:net';
import {
  PATHS,
  startTestApp,
  TEST_API_KEY,
  watchSandbox,
  WORLD,
  type TestApp,
} from './support/test-app';

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
      const response = await post(PATHS.SendByApp, WORLD.member, {
        spaceId: WORLD.space,
        dentryId: WORLD.file,
        extra: 'x',
      }).expect(400);

      expect(response.body.code).toBe('paramError');
      expect(response.body.details).toEqual([
        { field: 'extra', rule: 'whitelistValidation', message: 'extra is not a known field' },
      ]);
    });

    it('refuses a missing unionId and unknown query parameters', async () => {
      const missing = await post(PATHS.GetSpace, undefined, {
        openConversationId: WORLD.group,
      }).expect(400);
      const unknown = await t.http
        .post(`${PATHS.GetSpace}?unionId=${WORLD.member}&debug=1`)
        .set('x-api-key', TEST_API_KEY)
        .send({ openConversationId: WORLD.group })
        .expect(400);

      expect(missing.body.code).toBe('paramError');
      expect(missing.body.details[0]).toMatchObject({ field: 'unionId', rule: 'isString' });
      expect(unknown.body.details[0]).toMatchObject({
        field: 'debug',
        rule: 'whitelistValidation',
      });
    });

    it('refuses a body that is not a JSON object', async () => {
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

  it('502 when DingTalk fails', async () => {
    t.sandbox.faults.failNext({ code: 'systemError', status: 500, api: 'SendByApp' });

    const response = await post(PATHS.SendByApp, WORLD.member, {
      spaceId: WORLD.space,
      dentryId: WORLD.file,
    }).expect(502);

    expect(response.body.code).toBe('systemError');
  });

  it('504 upstreamTimeout when DingTalk answers later than DINGTALK_TIMEOUT_MS', async () => {
    t.sandbox.faults.setLatency(2000, 'SendLink');

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
