import { ChildApp } from './support/child-app.process';
import { waitUntil } from './support/wait-until.test-helper';

/** `npm start`'s command with LOG_FORMAT=json, in sandbox mode. */
describe('LOG_FORMAT=json: one JSON object per line on stdout', () => {
  let child: ChildApp | undefined;

  afterEach(() => {
    child?.kill();
    child = undefined;
  });

  it('logs start-up, the sandbox banner and each request as JSON, with DingTalk failures as fields', async () => {
    child = new ChildApp({ PORT: '0', HOST: '127.0.0.1', LOG_FORMAT: 'json' });
    const port = Number((await child.waitFor(/Service: +http:\/\/127\.0\.0\.1:(\d+)/))[1]);
    const post = (unionId: string, requestId: string) =>
      fetch(
        `http://127.0.0.1:${port}/v1.0/convFile/apps/conversations/files/send?unionId=${unionId}`,
        {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            'x-api-key': 'sandbox-key',
            'x-request-id': requestId,
          },
          body: JSON.stringify({ spaceId: 'space-project', dentryId: 'dentry-report' }),
        },
      );

    expect((await post('union-alice', 'req-ok')).status).toBe(200);
    // Carol reads no space: DingTalk refuses the send.
    expect((await post('union-carol', 'req-refused')).status).toBe(403);
    await waitUntil(() => child!.output.includes('req-refused'), 'the second request log line');

    const entries = child.output
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    for (const entry of entries) {
      expect(entry).toMatchObject({
        level: expect.any(String),
        time: expect.any(String),
        message: expect.any(String),
      });
    }
    expect(entries.find((entry) => entry.requestId === 'req-ok')).toMatchObject({
      level: 'log',
      context: 'HTTP',
      method: 'POST',
      path: '/v1.0/convFile/apps/conversations/files/send',
      status: 200,
      client: 'key-1',
    });
    expect(entries.find((entry) => entry.requestId === 'req-refused')).toMatchObject({
      level: 'warn',
      status: 403,
      api: 'SendByApp',
      code: expect.any(String),
      requestid: expect.any(String),
    });
    // The query (which holds the unionId) is never logged.
    const requestLines = entries.filter((entry) => entry.context === 'HTTP');
    expect(requestLines).toHaveLength(2);
    expect(JSON.stringify(requestLines)).not.toContain('union-');
  }, 30_000);
});
