import { DingTalkApiError } from '../errors/dingtalk-api.error';
import type { DingTalkApiName } from '../endpoints/dingtalk-api.endpoints';
import { parseDingTalkAnswer, type RawDingTalkAnswer } from './dingtalk-answer.parser';

const TOKEN = 'tok-0123456789abcdef';

/** The error parseDingTalkAnswer throws for `answer`, or a failure if it returned. */
function errorOf(api: DingTalkApiName, answer: RawDingTalkAnswer): DingTalkApiError {
  try {
    parseDingTalkAnswer(api, answer);
  } catch (error) {
    expect(error).toBeInstanceOf(DingTalkApiError);
    return error as DingTalkApiError;
  }
  throw new Error('parseDingTalkAnswer accepted the answer');
}

describe('parseDingTalkAnswer', () => {
  it.each([200, 201, 299])('returns the JSON object of a %i answer', (status) => {
    expect(parseDingTalkAnswer('GetSpace', { status, body: '{"space":{"id":"s"}}' })).toEqual({
      space: { id: 's' },
    });
  });

  it.each([199, 300, 404])(
    'refuses a JSON answer without a code under HTTP %i as not a DingTalk answer',
    (status) => {
      expect(errorOf('GetSpace', { status, body: '{"space":{}}' })).toMatchObject({
        code: 'upstreamBadResponse',
        status,
        outcomeUnknown: false,
      });
    },
  );

  it.each([
    ['an array', '[{"a":1}]'],
    ['null', 'null'],
    ['a string', '"ok"'],
    ['a number', '42'],
    ['not JSON', '<html>ok</html>'],
  ])('refuses %s under HTTP 200 as not a DingTalk answer', (_case, body) => {
    expect(errorOf('GetSpace', { status: 200, body })).toMatchObject({
      code: 'upstreamBadResponse',
      message: 'DingTalk answered GetSpace with HTTP 200 and a body that is not a DingTalk answer',
    });
  });

  it("reads DingTalk's error: its code, message, request id and accessdenieddetail", () => {
    const error = errorOf('GetSpace', {
      status: 403,
      headerRequestId: 'from-header',
      body: JSON.stringify({
        code: 'Forbidden.AccessDenied',
        message: 'no scope',
        requestid: 'from-body',
        accessdenieddetail: { requiredScopes: ['ConvFile.Space.Read'] },
      }),
    });

    expect(error).toMatchObject({
      message: 'no scope',
      code: 'Forbidden.AccessDenied',
      status: 403,
      requestId: 'from-body',
      accessDeniedDetail: { requiredScopes: ['ConvFile.Space.Read'] },
      outcomeUnknown: false,
    });
  });

  it("falls back to the header's request id, and to the code for an empty message", () => {
    const error = errorOf('GetSpace', {
      status: 400,
      headerRequestId: 'from-header',
      body: '{"code":"paramError","message":"","requestid":"","accessdenieddetail":["x"]}',
    });

    expect(error).toMatchObject({ message: 'paramError', requestId: 'from-header' });
    expect(error.accessDeniedDetail).toBeUndefined();
  });

  it('keeps no accessdenieddetail that is null', () => {
    const error = errorOf('GetSpace', {
      status: 403,
      body: '{"code":"Forbidden.AccessDenied","message":"no","accessdenieddetail":null}',
    });

    expect(error.accessDeniedDetail).toBeUndefined();
  });

  describe('a send, which may have run when DingTalk failed', () => {
    it.each([
      ['a 5xx with an error code', 500, '{"code":"InternalError","message":"m"}'],
      ['a 503 with an error code', 503, '{"code":"ServiceUnavailable","message":"m"}'],
      ['a failure code under HTTP 400', 400, '{"code":"systemError","message":"m"}'],
      ['another failure code under HTTP 400', 400, '{"code":"unknownError","message":"m"}'],
    ])('reports %s as failed on DingTalk’s side, outcome unknown', (_case, status, body) => {
      const error = errorOf('SendByApp', { status, body });

      expect(error.outcomeUnknown).toBe(true);
      expect(error.message).toMatch(
        /^DingTalk failed SendByApp \(\w+: m\); the file may or may not/,
      );
    });

    it.each([
      ['a 5xx without a DingTalk body', 502, '<html>Bad gateway</html>'],
      ['exactly 500 without a DingTalk body', 500, 'Internal Server Error'],
      ['an unreadable success', 200, 'OK'],
    ])('reports %s as outcome unknown', (_case, status, body) => {
      const error = errorOf('SendByApp', { status, body });

      expect(error).toMatchObject({ code: 'upstreamBadResponse', outcomeUnknown: true });
      expect(error.message).toMatch(/the file may or may not have been delivered/);
    });

    it.each([
      ['a client error', 400, '{"code":"paramError","message":"bad"}'],
      ['a 499 without a DingTalk body', 499, 'closed'],
      ['a 4xx without a DingTalk body', 404, '<html>Not found</html>'],
    ])('reports %s as not run: the outcome is known', (_case, status, body) => {
      const error = errorOf('SendByApp', { status, body });

      expect(error.outcomeUnknown).toBe(false);
      expect(error.message).not.toMatch(/may or may not/);
    });

    it('never calls the outcome of an idempotent call unknown', () => {
      expect(errorOf('GetSpace', { status: 500, body: '{"code":"systemError"}' })).toMatchObject({
        outcomeUnknown: false,
        message: 'systemError',
      });
    });
  });

  describe("DingTalk's per-IP block page", () => {
    it.each([200, 403])('is upstreamBlocked under HTTP %i', (status) => {
      expect(errorOf('SendByApp', { status, body: '{"status":1111,"wait":5}' })).toMatchObject({
        code: 'upstreamBlocked',
        status,
        message:
          "DingTalk refused SendByApp: this server's IP is temporarily blocked for making too many calls",
        bodyExcerpt: '{"status":1111,"wait":5}',
      });
    });

    it.each([
      ['another status', '{"status":1112}', 'upstreamBadResponse'],
      ['a DingTalk code too', '{"status":1111,"code":"Throttling"}', 'Throttling'],
    ])('is not recognised with %s', (_case, body, code) => {
      expect(errorOf('GetSpace', { status: 403, body }).code).toBe(code);
    });

    it('is not recognised in a success with another status', () => {
      expect(parseDingTalkAnswer('GetSpace', { status: 200, body: '{"status":1}' })).toEqual({
        status: 1,
      });
    });
  });

  describe('the body excerpt kept for logs', () => {
    const excerptOf = (body: string, accessToken?: string) =>
      errorOf('GetSpace', { status: 502, body, accessToken }).bodyExcerpt;

    it('flattens white space and trims', () => {
      expect(excerptOf('  <h1>Bad\n\n  gateway</h1>\t ')).toBe('<h1>Bad gateway</h1>');
    });

    it('keeps 160 characters, and marks a cut with an ellipsis', () => {
      expect(excerptOf('x'.repeat(160))).toBe('x'.repeat(160));
      expect(excerptOf('x'.repeat(161))).toBe(`${'x'.repeat(160)}…`);
    });

    it('says so for an empty or blank body', () => {
      expect(excerptOf('')).toBe('(empty body)');
      expect(excerptOf(' \n ')).toBe('(empty body)');
    });

    it('redacts the token header line a page echoes, and the token wherever it appears', () => {
      const page = `Request headers: X-Acs-Dingtalk-Access-Token: ${TOKEN} Host: api; again ${TOKEN}.`;

      expect(excerptOf(page, TOKEN)).toBe(
        'Request headers: x-acs-dingtalk-access-token: [redacted] Host: api; again [redacted].',
      );
      expect(excerptOf(`x-acs-dingtalk-access-token=${TOKEN}`)).toBe(
        'x-acs-dingtalk-access-token: [redacted]',
      );
    });

    it("redacts the token from DingTalk's code and message too", () => {
      const error = errorOf('GetSpace', {
        status: 401,
        accessToken: TOKEN,
        body: JSON.stringify({ code: `bad.${TOKEN}`, message: `token ${TOKEN} expired` }),
      });

      expect(error).toMatchObject({ code: 'bad.[redacted]', message: 'token [redacted] expired' });
    });

    it('keeps none for the token request, whose page could echo the app secret', () => {
      expect(
        errorOf('GetAccessToken', { status: 502, body: 'appSecret=s3cr3t' }).bodyExcerpt,
      ).toBeUndefined();
    });
  });
});
