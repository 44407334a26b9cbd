import { DingTalkTokenService } from '@nest-dingtalk/conv-file';
import {
  PATHS,
  startTestApp,
  TEST_API_KEY,
  WORLD,
  type TestApp,
} from './support/sample-app.test-helper';

describe('request logs', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => t.close());

  const sendByApp = (unionId: string, headers: Record<string, string> = {}) =>
    t.http
      .post(`${PATHS.SendByApp}?unionId=${unionId}`)
      .set({ 'x-api-key': TEST_API_KEY, ...headers })
      .send({ spaceId: WORLD.space, dentryId: WORLD.file });

  /** The request-log lines that mention `requestId`. */
  const linesOf = (requestId: string) =>
    t.logger.requestLines().filter((line) => line.includes(`requestId=${requestId}`));

  it('writes one line per request, with the id it returns in x-request-id', async () => {
    const response = await sendByApp(WORLD.member).expect(200);
    const requestId = response.headers['x-request-id'];

    expect(requestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(linesOf(requestId)).toEqual([
      expect.stringMatching(
        new RegExp(
          `^log \\[HTTP\\] POST ${PATHS.SendByApp} 200 \\d+ms requestId=${requestId} client=key-1$`,
        ),
      ),
    ]);
  });

  it('keeps a sane inbound x-request-id and replaces one that is not', async () => {
    const kept = await sendByApp(WORLD.member, { 'x-request-id': 'trace-123.abc' }).expect(200);
    const replaced = await sendByApp(WORLD.member, {
      'x-request-id': 'evil id with spaces and "quotes"',
    }).expect(200);

    expect(kept.headers['x-request-id']).toBe('trace-123.abc');
    expect(linesOf('trace-123.abc')).toHaveLength(1);
    expect(replaced.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    expect(t.logger.lines.join('\n')).not.toContain('evil id');
  });

  it("puts DingTalk's requestid and the error code in the line of a failed call", async () => {
    const response = await sendByApp('union-dave').expect(403);
    const dingTalkRequestId = response.body.requestid as string;

    const [line] = linesOf(response.headers['x-request-id']);
    expect(dingTalkRequestId).toBeTruthy();
    expect(line).toMatch(/^warn \[HTTP\] POST .* 403 /);
    expect(line).toContain('code=permissionDenied');
    expect(line).toContain(`dingtalkRequestId=${dingTalkRequestId}`);
  });

  it('logs refused requests too, with the status they got', async () => {
    const response = await t.http.post(PATHS.SendByApp).send({}).expect(401);

    expect(linesOf(response.headers['x-request-id'])).toEqual([
      expect.stringContaining(`POST ${PATHS.SendByApp} 401`),
    ]);
  });

  it('never logs a secret: API key, app secret, access token, inbound token, query', async () => {
    await sendByApp(WORLD.member, { 'x-acs-dingtalk-access-token': 'inbound-dummy-token' }).expect(
      200,
    );
    await t.http
      .post(`${PATHS.SendByApp}?unionId=${WORLD.member}`)
      .set('x-api-key', `${TEST_API_KEY}-wrong`)
      .send({})
      .expect(401);
    await sendByApp('union-dave').expect(403);
    const accessToken = await t.app.get(DingTalkTokenService).getAccessToken();

    const everything = t.logger.lines.join('\n');
    expect(t.logger.requestLines().length).toBeGreaterThanOrEqual(3);
    for (const secret of [
      TEST_API_KEY,
      'sandbox-app-secret',
      accessToken,
      'inbound-dummy-token',
      'unionId=',
    ]) {
      expect(everything).not.toContain(secret);
    }
  });
});
