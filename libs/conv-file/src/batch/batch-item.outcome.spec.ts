import { DingTalkApiError } from '../errors/dingtalk-api.error';
import { DingTalkAuthError } from '../errors/dingtalk-auth.error';
import { DingTalkBatchError } from '../errors/dingtalk-batch.error';
import { DingTalkNetworkError } from '../errors/dingtalk-network.error';
import { DingTalkRateLimitError } from '../errors/dingtalk-rate-limit.error';
import { DingTalkTimeoutError } from '../errors/dingtalk-timeout.error';
import { DingTalkValidationError } from '../errors/dingtalk-validation.error';
import { DingTalkError } from '../errors/dingtalk.error';
import { outcomeOfFailure } from './batch-item.outcome';

const api = 'SendByApp' as const;

describe('outcomeOfFailure: how a failed attempt at a batch item ends', () => {
  it.each([
    [
      'a timeout of a send',
      new DingTalkTimeoutError('late', { api, timeoutMs: 10, outcomeUnknown: true }),
    ],
    [
      'a connection lost after the request was written',
      new DingTalkNetworkError('reset', { api, requestSent: true, outcomeUnknown: true }),
    ],
    [
      "DingTalk's own failure (5xx)",
      new DingTalkApiError('failed', {
        code: 'systemError',
        api,
        status: 500,
        outcomeUnknown: true,
      }),
    ],
    ['an error that is not the library’s', new TypeError('boom')],
  ])('%s: unknown, never sent again', (_case, error) => {
    expect(outcomeOfFailure(error, api).state).toBe('unknown');
  });

  it.each([
    [
      "DingTalk's throttling",
      new DingTalkApiError('slow down', {
        code: 'Forbidden.AccessDenied.QpsLimitForAppkeyAndApi',
        api,
        status: 403,
      }),
    ],
    [
      'a refused connection',
      new DingTalkNetworkError('refused', { api, requestSent: false, systemCode: 'ECONNREFUSED' }),
    ],
    ["this server's full queue", new DingTalkRateLimitError('full', { api, retryAfterMs: 1000 })],
    ['shutting down', new DingTalkError('bye', { code: 'shuttingDown', api })],
    ['no token yet', new DingTalkAuthError('no token', { code: 'accessTokenUnavailable', api })],
    [
      'a token refused twice',
      new DingTalkAuthError('refused', { code: 'InvalidAuthentication', api, status: 401 }),
    ],
    ['Redis gone', new DingTalkBatchError('gone', { code: 'batchesUnavailable' })],
  ])('%s: queued again (it certainly did not run)', (_case, error) => {
    expect(outcomeOfFailure(error, api)).toMatchObject({
      state: 'queued',
      error: { code: error.code },
    });
  });

  it.each([['invalidClientIdOrSecret'], ['invalidSuiteKey'], ['invalidAuthInfo']])(
    'DingTalk refusing the app itself (%s): failed at once, not retried for every item',
    (code) => {
      expect(outcomeOfFailure(new DingTalkAuthError('refused', { code, api }), api)).toMatchObject({
        state: 'failed',
        error: { code },
      });
    },
  );

  it("a DingTalk refusal (4xx): failed, with DingTalk's code and message", () => {
    const error = new DingTalkApiError('The file does not exist', {
      code: 'dentryNotExist',
      api,
      status: 404,
    });

    expect(outcomeOfFailure(error, api)).toEqual({
      state: 'failed',
      error: { code: 'dentryNotExist', message: 'The file does not exist' },
    });
  });

  it('an input refused by validation: failed', () => {
    const error = new DingTalkValidationError('bad', { code: 'paramError', details: [] });

    expect(outcomeOfFailure(error, api).state).toBe('failed');
  });
});
