import { SandboxCounters } from './sandbox.counters';
import type { SandboxCaller } from './sandbox-token.store';

const APP: SandboxCaller = { kind: 'app', key: 'app-a', corpId: 'corp-a' };
const SUITE: SandboxCaller = { kind: 'suite', key: 'suite-x', corpId: 'corp-b', grant: 1 };

const ZERO_REQUESTS = {
  GetAccessToken: 0,
  GetCorpAccessToken: 0,
  SendLink: 0,
  SendByApp: 0,
  Send: 0,
  GetSpace: 0,
};

describe('SandboxCounters', () => {
  it('starts with every API at zero and nothing else counted', () => {
    expect(new SandboxCounters().snapshot()).toStrictEqual({
      tokenFetches: 0,
      tokenFetchesBy: {},
      callsBy: {},
      requests: ZERO_REQUESTS,
    });
  });

  it('counts requests per API', () => {
    const counters = new SandboxCounters();
    counters.request('Send');
    counters.request('Send');
    counters.request('GetSpace');
    expect(counters.snapshot().requests).toStrictEqual({ ...ZERO_REQUESTS, Send: 2, GetSpace: 1 });
  });

  it('counts token fetches in total and by caller label', () => {
    const counters = new SandboxCounters();
    counters.tokenFetched(APP);
    counters.tokenFetched(SUITE);
    counters.tokenFetched(APP);
    const { tokenFetches, tokenFetchesBy } = counters.snapshot();
    expect(tokenFetches).toBe(3);
    expect(tokenFetchesBy).toStrictEqual({ 'app:app-a': 2, 'suite:suite-x/corp-b': 1 });
  });

  it('counts calls by caller label, then API', () => {
    const counters = new SandboxCounters();
    counters.called(APP, 'Send');
    counters.called(APP, 'Send');
    counters.called(APP, 'GetSpace');
    counters.called(SUITE, 'SendLink');
    expect(counters.snapshot().callsBy).toStrictEqual({
      'app:app-a': { Send: 2, GetSpace: 1 },
      'suite:suite-x/corp-b': { SendLink: 1 },
    });
  });

  it('hands out snapshots that later counting and changes to them do not affect', () => {
    const counters = new SandboxCounters();
    counters.request('Send');
    counters.called(APP, 'Send');
    counters.tokenFetched(APP);
    const first = counters.snapshot();
    first.requests.Send = 99;
    (first.callsBy['app:app-a'] as Record<string, number>).Send = 99;
    first.tokenFetchesBy['app:app-a'] = 99;
    counters.request('Send');
    counters.called(APP, 'Send');
    expect(first.requests.Send).toBe(99);
    expect(counters.snapshot()).toStrictEqual({
      tokenFetches: 1,
      tokenFetchesBy: { 'app:app-a': 1 },
      callsBy: { 'app:app-a': { Send: 2 } },
      requests: { ...ZERO_REQUESTS, Send: 2 },
    });
  });

  it('zeroes every counter on clear, and counts afresh after', () => {
    const counters = new SandboxCounters();
    counters.request('Send');
    counters.called(SUITE, 'Send');
    counters.tokenFetched(SUITE);
    counters.clear();
    expect(counters.snapshot()).toStrictEqual({
      tokenFetches: 0,
      tokenFetchesBy: {},
      callsBy: {},
      requests: ZERO_REQUESTS,
    });
    counters.request('GetAccessToken');
    counters.called(SUITE, 'Send');
    counters.tokenFetched(SUITE);
    expect(counters.snapshot()).toStrictEqual({
      tokenFetches: 1,
      tokenFetchesBy: { 'suite:suite-x/corp-b': 1 },
      callsBy: { 'suite:suite-x/corp-b': { Send: 1 } },
      requests: { ...ZERO_REQUESTS, GetAccessToken: 1 },
    });
  });
});
