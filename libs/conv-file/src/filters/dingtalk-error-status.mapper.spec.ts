import { DingTalkApiError } from '../errors/dingtalk-api.error';
import { DingTalkAuthError } from '../errors/dingtalk-auth.error';
import { DingTalkBatchError } from '../errors/dingtalk-batch.error';
import { DingTalkRateLimitError } from '../errors/dingtalk-rate-limit.error';
import { DingTalkError } from '../errors/dingtalk.error';
import { toDingTalkHttpAnswer } from './dingtalk-error-status.mapper';

/** The status and Retry-After seconds the mapper gives `error`. */
const statusOf = (error: DingTalkError) => {
  const { status, retryAfterSeconds } = toDingTalkHttpAnswer(error);
  return { status, retryAfterSeconds };
};

const rateLimited = (retryAfterMs: number) =>
  new DingTalkRateLimitError('The SendByApp queue is full', { api: 'SendByApp', retryAfterMs });

describe('toDingTalkHttpAnswer: the library codes of docs/errors.md', () => {
  it.each([
    [
      'shuttingDown → 503, Retry-After: 1',
      new DingTalkError('shutting down', { code: 'shuttingDown', api: 'SendByApp' }),
      { status: 503, retryAfterSeconds: 1 },
    ],
    [
      'invalidAuthInfo (the organization removed the app) → 403, like permissionDenied',
      new DingTalkAuthError('removed', { code: 'invalidAuthInfo', status: 400 }),
      { status: 403, retryAfterSeconds: undefined },
    ],
    [
      'suiteTicketUnavailable → 503, Retry-After: 60 (DingTalk pushes a ticket every 20 minutes)',
      new DingTalkAuthError('no ticket yet', { code: 'suiteTicketUnavailable' }),
      { status: 503, retryAfterSeconds: 60 },
    ],
    [
      'batchNotFound → 404',
      new DingTalkBatchError('no such batch', { code: 'batchNotFound' }),
      { status: 404, retryAfterSeconds: undefined },
    ],
    [
      'idempotencyKeyReused → 409',
      new DingTalkBatchError('key reused', { code: 'idempotencyKeyReused' }),
      { status: 409, retryAfterSeconds: undefined },
    ],
    [
      'batchesUnavailable → 503, Retry-After: 1',
      new DingTalkError('Redis does not answer', { code: 'batchesUnavailable' }),
      { status: 503, retryAfterSeconds: 1 },
    ],
  ])('%s', (_case, error, expected) => {
    expect(statusOf(error)).toEqual(expected);
  });
});

describe("toDingTalkHttpAnswer: this server's own queue is full (rateLimited)", () => {
  it('answers 429 with Retry-After the expected wait, rounded up to whole seconds', () => {
    const answer = toDingTalkHttpAnswer(rateLimited(2500));

    expect(answer).toEqual({
      status: 429,
      body: { code: 'rateLimited', message: 'The SendByApp queue is full' },
      retryAfterSeconds: 3,
    });
  });

  it.each([
    [1000, 1],
    [1001, 2],
    [59_500, 60],
  ])('reads a wait of %i ms as Retry-After: %i', (retryAfterMs, seconds) => {
    expect(toDingTalkHttpAnswer(rateLimited(retryAfterMs)).retryAfterSeconds).toBe(seconds);
  });

  it('never says Retry-After: 0, even when the turn is due now', () => {
    expect(toDingTalkHttpAnswer(rateLimited(0)).retryAfterSeconds).toBe(1);
  });
});

describe("toDingTalkHttpAnswer: the body's requestid", () => {
  it("has no requestid key at all without DingTalk's request id (the reply adds the inbound one)", () => {
    const { body } = toDingTalkHttpAnswer(
      new DingTalkApiError('refused', { code: 'permissionDenied', status: 403 }),
    );

    expect(body).not.toHaveProperty('requestid');
    expect(body).toStrictEqual({ code: 'permissionDenied', message: 'refused' });
  });

  it("carries DingTalk's request id when DingTalk answered", () => {
    const { body } = toDingTalkHttpAnswer(
      new DingTalkApiError('refused', { code: 'permissionDenied', status: 403, requestId: 'dt-9' }),
    );

    expect(body).toStrictEqual({ code: 'permissionDenied', message: 'refused', requestid: 'dt-9' });
  });
});

describe('toDingTalkHttpAnswer: the monthly quota resets at the start of a month in China time', () => {
  const monthlyQuota = new DingTalkApiError('quota', {
    code: 'Forbidden.AccessDenied.ApiCountLimitForOrg',
    status: 403,
  });
  const retryAfterAt = (now: string) =>
    toDingTalkHttpAnswer(monthlyQuota, {}, new Date(now)).retryAfterSeconds;

  it('counts from the month it already is in UTC+8, while UTC is still in the month before', () => {
    // 04:00 on 1 December in UTC+8: the quota is December's, so it resets on 1 January UTC+8,
    // i.e. 2026-12-31T16:00Z, 30 days and 20 hours later.
    expect(retryAfterAt('2026-11-30T20:00:00Z')).toBe(30 * 86_400 + 20 * 3600);
  });

  it('moves to the next year after December in UTC+8', () => {
    // 01:00 on 1 January 2027 in UTC+8: the next reset is 1 February 2027 00:00 UTC+8.
    expect(retryAfterAt('2026-12-31T17:00:00Z')).toBe(31 * 86_400 - 3600);
  });

  it('says Retry-After: 1 at the very last instant of a month, not 0', () => {
    expect(retryAfterAt('2026-11-30T15:59:59.999Z')).toBe(1);
  });
});
