import {
  PATHS,
  startTestApp,
  TEST_API_KEY,
  watchSandbox,
  WORLD,
  type TestApp,
} from './support/sample-app.test-helper';
import { validateEnv } from '../src/config/env.validation';

describe('DINGTALK_HTTP_CLIENT=axios: DingTalk calls through the app’s HttpModule', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp({ DINGTALK_HTTP_CLIENT: 'axios' });
  });
  afterAll(async () => t.close());

  it('serves a send, with the token fetched through axios too', async () => {
    const sandbox = watchSandbox(t.sandbox);

    const response = await t.http
      .post(`${PATHS.SendByApp}?unionId=${WORLD.member}`)
      .set('x-api-key', TEST_API_KEY)
      .send({ spaceId: WORLD.space, dentryId: WORLD.file })
      .expect(200);

    expect(response.body.file).toMatchObject({ id: WORLD.file });
    expect(sandbox.deliveries()).toHaveLength(1);
    expect(t.sandbox.stats().tokenFetches).toBeGreaterThan(0);
  });

  it('maps a DingTalk error to its body as on undici', async () => {
    const response = await t.http
      .post(`${PATHS.SendByApp}?unionId=union-dave`)
      .set('x-api-key', TEST_API_KEY)
      .send({ spaceId: WORLD.space, dentryId: WORLD.file });

    expect(response.status).toBe(403);
    expect(response.body).toMatchObject({
      code: 'permissionDenied',
      requestid: expect.any(String),
    });
  });

  it('refuses an unknown client name at start-up, naming the variable', () => {
    expect(() => validateEnv({ DINGTALK_HTTP_CLIENT: 'fetch' })).toThrow(
      /DINGTALK_HTTP_CLIENT must be one of/,
    );
  });
});
