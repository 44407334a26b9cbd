import { DingTalkApiError } from '../errors/dingtalk-api.error';
import { DingTalkAuthError } from '../errors/dingtalk-auth.error';
import { DingTalkNetworkError } from '../errors/dingtalk-network.error';
import { DingTalkTimeoutError } from '../errors/dingtalk-timeout.error';
import { DingTalkValidationError } from '../errors/dingtalk-validation.error';
import { retryDelayMs, retryReasonOf } from './dingtalk-retry.policy';

const api = (code: string, status: number) => new DingTalkApiError('m', { code, status });
const refused = new DingTalkNetworkError('m', { systemCode: 'ECONNREFUSED', requestSent: false });
const reset = new DingTalkNetworkError('m', {
  systemCode: 'ECONNRESET',
  requestSent: true,
  outcomeUnknown: true,
});
const timeout = new DingTalkTimeoutError('m', { timeoutMs: 10, outcomeUnknown: true });

describe('retryReasonOf', () => {
  it.each([
    [
      'a throttled send',
      api('Forbidden.AccessDenied.QpsLimitForAppkeyAndApi', 403),
      'SendByApp',
      'throttled',
    ],
    [
      'a per-minute throttled send',
      api('Forbidden.AccessDenied.QpmLimitForAppkeyAndApi', 403),
      'Send',
      'throttled',
    ],
    [
      'a globally throttled send',
      api('Forbidden.AccessDenied.QpsLimitForApi', 403),
      'SendLink',
      'throttled',
    ],
    ['a refused connection on a send', refused, 'SendByApp', 'notSent'],
    ['a GetSpace that timed out', timeout, 'GetSpace', 'unknownOutcome'],
    ['a GetSpace whose connection reset', reset, 'GetSpace', 'unknownOutcome'],
    ['a GetSpace DingTalk failed', api('systemError', 500), 'GetSpace', 'unknownOutcome'],
    [
      'a GetSpace answered with a proxy page',
      api('upstreamBadResponse', 502),
      'GetSpace',
      'unknownOutcome',
    ],
    [
      'a GetSpace answered unreadably with a 200',
      api('upstreamBadResponse', 200),
      'GetSpace',
      'unknownOutcome',
    ],
    ['a token fetch DingTalk failed', api('unknownError', 500), 'GetAccessToken', 'unknownOutcome'],
  ])('retries %s', (_case, error, apiName, reason) => {
    expect(retryReasonOf(error, apiName as never)).toBe(reason);
  });

  it.each([
    ['a send that timed out', timeout, 'SendByApp'],
    ['a send whose connection reset after writing', reset, 'Send'],
    ['a send DingTalk failed with 5xx', api('systemError', 500), 'SendLink'],
    ['a send answered unreadably', api('upstreamBadResponse', 200), 'SendByApp'],
    ['the monthly quota', api('Forbidden.AccessDenied.ApiCountLimitForOrg', 403), 'SendByApp'],
    ['the per-IP block', api('upstreamBlocked', 403), 'GetSpace'],
    ['a caller error', api('paramError.spaceId', 400), 'GetSpace'],
    ['a missing scope', api('Forbidden.AccessDenied.AccessTokenPermissionDenied', 403), 'GetSpace'],
    [
      'bad credentials',
      new DingTalkAuthError('m', { code: 'invalidClientIdOrSecret', status: 400 }),
      'GetAccessToken',
    ],
    // Refreshing the token once is the call orchestrator's, not a retry.
    ['a refused token', api('InvalidAuthentication', 401), 'SendByApp'],
    [
      'a validation error',
      new DingTalkValidationError('m', { code: 'paramError', details: [] }),
      'GetSpace',
    ],
    ['an unknown error', new Error('boom'), 'GetSpace'],
  ])('never retries %s', (_case, error, apiName) => {
    expect(retryReasonOf(error, apiName as never)).toBeUndefined();
  });
});

describe('retryDelayMs', () => {
  const options = { maxRetries: 3, budgetMs: 10_000, throttleDelayMs: 1000, networkDelayMs: 100 };

  it('waits about 1 s after the first throttling answer, doubling after each further one', () => {
    expect(retryDelayMs('throttled', 1, options, () => 0.5)).toBe(1000);
    expect(retryDelayMs('throttled', 2, options, () => 0.5)).toBe(2000);
    expect(retryDelayMs('throttled', 3, options, () => 0.5)).toBe(4000);
  });

  it('adds ±20% jitter', () => {
    expect(retryDelayMs('throttled', 1, options, () => 0)).toBe(800);
    expect(retryDelayMs('throttled', 1, options, () => 1)).toBe(1200);
  });

  it('uses the shorter network delay for refused connections', () => {
    expect(retryDelayMs('notSent', 1, options, () => 0.5)).toBe(100);
    expect(retryDelayMs('unknownOutcome', 2, options, () => 0.5)).toBe(200);
  });
});
