import { MAX_BODY_BYTES } from '../src/app.factory';
import {
  PATHS,
  startTestApp,
  TEST_API_KEY,
  watchSandbox,
  WORLD,
  type SandboxWatch,
  type TestApp,
} from './support/sample-app.test-helper';

const SEND_BY_APP = `${PATHS.SendByApp}?unionId=${WORLD.member}`;
const BODY = { spaceId: WORLD.space, dentryId: WORLD.file };

describe('errors raised in front of the library, in the same shape', () => {
  let t: TestApp;
  let sandbox: SandboxWatch;

  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => t.close());
  beforeEach(() => {
    sandbox = watchSandbox(t.sandbox);
  });
  afterEach(() => expect(sandbox.convFileCalls()).toBe(0));

  it('401 unauthorized without an API key', async () => {
    const response = await t.http.post(SEND_BY_APP).send(BODY).expect(401);

    expect(response.body).toEqual({
      code: 'unauthorized',
      message: 'The x-api-key header is required',
      requestid: expect.any(String),
    });
  });

  it('401 unauthorized with a wrong API key, even one differing only in its last character', async () => {
    const almost = `${TEST_API_KEY.slice(0, -1)}x`;
    const response = await t.http.post(SEND_BY_APP).set('x-api-key', almost).send(BODY).expect(401);

    expect(response.body.code).toBe('unauthorized');
    expect(response.body.message).toBe('The x-api-key header does not hold a valid API key');
  });

  it.each([
    ['a prefix of a valid key', TEST_API_KEY.slice(0, -1)],
    ['a valid key with a character added', `${TEST_API_KEY}x`],
    ['a valid key in other letter case', TEST_API_KEY.toUpperCase()],
    ['an empty key', ''],
  ])('401 unauthorized for %s', async (_case, key) => {
    const response = await t.http.post(SEND_BY_APP).set('x-api-key', key).send(BODY).expect(401);

    expect(response.body.message).toBe('The x-api-key header does not hold a valid API key');
  });

  it('400 paramError for malformed JSON, without echoing the body', async () => {
    const response = await t.http
      .post(SEND_BY_APP)
      .set('x-api-key', TEST_API_KEY)
      .set('content-type', 'application/json')
      .send('{"spaceId": "secret-ish-text",')
      .expect(400);

    expect(response.body).toEqual({
      code: 'paramError',
      message: expect.any(String),
      requestid: expect.any(String),
    });
    expect(response.text).not.toContain('secret-ish-text');
  });

  it('413 payloadTooLarge for a body over the limit', async () => {
    const response = await t.http
      .post(SEND_BY_APP)
      .set('x-api-key', TEST_API_KEY)
      .send({ ...BODY, padding: 'x'.repeat(MAX_BODY_BYTES) })
      .expect(413);

    expect(response.body).toEqual({
      code: 'payloadTooLarge',
      message: expect.any(String),
      requestid: expect.any(String),
    });
  });

  it.each([
    ['an unknown path', 'post', '/v1.0/convFile/nothing/here'],
    ['a known path with the wrong method', 'get', PATHS.SendByApp],
  ] as const)(
    '404 InvalidAction.NotFound for %s, as DingTalk answers',
    async (_case, method, path) => {
      const response = await t.http[method](path).set('x-api-key', TEST_API_KEY).expect(404);

      expect(response.body).toEqual({
        code: 'InvalidAction.NotFound',
        message: 'Specified api is not found, please check your url and method.',
        requestid: expect.any(String),
      });
    },
  );

  it('echoes a sane x-request-id as requestid and in the response header', async () => {
    const response = await t.http
      .post(SEND_BY_APP)
      .set('x-request-id', 'client-req-42')
      .send(BODY)
      .expect(401);

    expect(response.body.requestid).toBe('client-req-42');
    expect(response.headers['x-request-id']).toBe('client-req-42');
  });
});

describe('the inbound rate limit', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp({ THROTTLE_LIMIT: '2', THROTTLE_TTL_MS: '60000' });
  });
  afterAll(async () => t.close());

  it('answers 429 tooManyRequests with Retry-After, without calling DingTalk', async () => {
    const send = () => t.http.post(SEND_BY_APP).set('x-api-key', TEST_API_KEY).send(BODY);
    await send().expect(200);
    await send().expect(200);
    const sandbox = watchSandbox(t.sandbox);

    const response = await send().expect(429);

    expect(response.body).toEqual({
      code: 'tooManyRequests',
      message: expect.any(String),
      requestid: expect.any(String),
    });
    expect(Number(response.headers['retry-after'])).toBeGreaterThan(0);
    expect(sandbox.convFileCalls()).toBe(0);
  });

  it('counts per API key: another key still has its budget', async () => {
    const other = await startTestApp({
      THROTTLE_LIMIT: '1',
      API_KEYS: `${TEST_API_KEY},other-key-0123456789abcdef`,
    });
    try {
      const send = (key: string) => other.http.post(SEND_BY_APP).set('x-api-key', key).send(BODY);
      await send(TEST_API_KEY).expect(200);
      await send(TEST_API_KEY).expect(429);
      await send('other-key-0123456789abcdef').expect(200);
    } finally {
      await other.close();
    }
  });

  it('counts made-up keys per client IP: a new invalid key each time does not escape the limit', async () => {
    const limit = 3;
    const flooded = await startTestApp({ THROTTLE_LIMIT: String(limit) });
    try {
      const statuses: number[] = [];
      for (let attempt = 0; attempt <= limit; attempt++) {
        const response = await flooded.http
          .post(SEND_BY_APP)
          .set('x-api-key', `made-up-key-${attempt}-0123456789`)
          .send(BODY);
        statuses.push(response.status);
      }

      expect(statuses).toEqual([...Array<number>(limit).fill(401), 429]);
      // A valid key has a budget of its own, counted by its id.
      await flooded.http.post(SEND_BY_APP).set('x-api-key', TEST_API_KEY).send(BODY).expect(200);
    } finally {
      await flooded.close();
    }
  });

  it('behind a proxy (TRUST_PROXY) counts clients by X-Forwarded-For, and ignores it otherwise', async () => {
    const proxied = await startTestApp({ THROTTLE_LIMIT: '1', TRUST_PROXY: 'loopback' });
    const direct = await startTestApp({ THROTTLE_LIMIT: '1' });
    try {
      const from = (app: TestApp, client: string) =>
        app.http.post(SEND_BY_APP).set('x-forwarded-for', client).send(BODY);

      await from(proxied, '203.0.113.1').expect(401);
      await from(proxied, '203.0.113.1').expect(429);
      await from(proxied, '203.0.113.2').expect(401);
      // Without TRUST_PROXY anyone could pick their address: the header is not believed.
      await from(direct, '203.0.113.1').expect(401);
      await from(direct, '203.0.113.2').expect(429);
    } finally {
      await proxied.close();
      await direct.close();
    }
  });

  it('does not limit the health probes', async () => {
    for (let probe = 0; probe < 4; probe++) await t.http.get('/health').expect(200);
  });
});
