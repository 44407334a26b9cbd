import {
  PATHS,
  startTestApp,
  TEST_API_KEY,
  watchSandbox,
  WORLD,
  type SandboxWatch,
  type TestApp,
} from './support/sample-app.test-helper';

/**
 * Hostile input through the whole sample app: every body the parser accepts gets a 4xx in
 * DingTalk's shape and exactly one log line (the request line, no stack), and DingTalk is not
 * called. The library's own specs cover each class of input in detail.
 */
describe('hostile input through the sample app', () => {
  let t: TestApp;
  let sandbox: SandboxWatch;

  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => t.close());
  beforeEach(() => {
    sandbox = watchSandbox(t.sandbox);
  });

  const deep = (depth: number) => `${'['.repeat(depth)}${']'.repeat(depth)}`;
  const send = (query: string, body: string, contentType?: string) => {
    const call = t.http
      .post(`${PATHS.SendByApp}?${query}`)
      .set('x-api-key', TEST_API_KEY)
      .serialize((value: unknown) => value as string);
    return (contentType ? call.set('content-type', contentType) : call).send(body);
  };

  it.each([
    ['a field nested 4000 levels deep', `{"dentryId":"d","spaceId":${deep(4000)}}`, 400],
    ['a body nested 4000 levels deep', deep(4000), 400],
    ['__proto__ in the body', '{"spaceId":"s","dentryId":"d","__proto__":{"x":1}}', 400],
    ['an invalid UTF-8 escape in an id', '{"spaceId":"s\\ud800","dentryId":"d"}', 400],
    ['a body that is not JSON', 'spaceId=s', 415],
  ])('%s: a 4xx in DingTalk shape, one log line, no call', async (_case, body, status) => {
    const contentType = status === 415 ? 'text/plain' : 'application/json';
    const response = await send(`unionId=${WORLD.member}`, body, contentType);
    const requestId = response.headers['x-request-id'];

    expect(response.status).toBe(status);
    expect(response.body).toEqual(
      expect.objectContaining({ code: expect.any(String), message: expect.any(String) }),
    );
    expect(t.logger.lines.filter((line) => line.includes(requestId))).toEqual([
      expect.stringMatching(new RegExp(`^warn \\[HTTP\\] POST \\S+ ${status} `)),
    ]);
    expect(t.logger.lines.join('\n')).not.toMatch(/\n\s+at /);
    expect(sandbox.convFileCalls()).toBe(0);
  });

  it('an invalid UTF-8 id in the query is refused, naming it', async () => {
    const response = await send(
      'unionId=%FF',
      '{"spaceId":"s","dentryId":"d"}',
      'application/json',
    );

    expect(response.status).toBe(400);
    expect(response.body.details).toEqual([
      expect.objectContaining({ field: 'unionId', rule: 'isWellFormed' }),
    ]);
    expect(sandbox.convFileCalls()).toBe(0);
  });
});
