import { callerLabel, SandboxTokenStore } from './sandbox-token.store';
import { manualClock } from '../testing/sandbox-http.test-helper';

describe('callerLabel', () => {
  it('names an app by its key and a suite by its key and corp', () => {
    expect(callerLabel({ kind: 'app', key: 'k', corpId: 'c' })).toBe('app:k');
    expect(callerLabel({ kind: 'suite', key: 'k', corpId: 'c', grant: 1 })).toBe('suite:k/c');
  });
});

describe('SandboxTokenStore', () => {
  const LIFETIME_S = 60;

  it('returns the same app token while it is valid and extends it', () => {
    const clock = manualClock();
    const store = new SandboxTokenStore(LIFETIME_S, clock.now);
    const first = store.issueForApp('app', 'corp');
    clock.advance(59_000);
    expect(store.issueForApp('app', 'corp').accessToken).toBe(first.accessToken);
    clock.advance(59_000);
    expect(store.resolve(first.accessToken)).toEqual({ kind: 'app', key: 'app', corpId: 'corp' });
    clock.advance(1_000);
    expect(store.resolve(first.accessToken)).toBeUndefined();
  });

  it('purges expired tokens when issuing new ones, so memory stays bounded', () => {
    const clock = manualClock();
    const store = new SandboxTokenStore(LIFETIME_S, clock.now);
    for (let i = 0; i < 100; i += 1) store.issueForCorp('suite', 'corp', 1);
    expect(store.size).toBe(100);
    clock.advance(LIFETIME_S * 1000);
    const fresh = store.issueForCorp('suite', 'corp', 7);
    expect(store.size).toBe(1);
    expect(store.resolve(fresh.accessToken)).toEqual({
      kind: 'suite',
      key: 'suite',
      corpId: 'corp',
      grant: 7,
    });
  });

  it('keeps an extended app token while purging the corp tokens issued before it', () => {
    const clock = manualClock();
    const store = new SandboxTokenStore(LIFETIME_S, clock.now);
    const app = store.issueForApp('app', 'corp');
    store.issueForCorp('suite', 'corp', 1);
    clock.advance(30_000);
    store.issueForApp('app', 'corp'); // extended: now valid until 90 s
    clock.advance(30_000);
    store.issueForCorp('suite', 'corp', 1); // the first corp token expired at 60 s
    expect(store.size).toBe(2);
    expect(store.resolve(app.accessToken)).toBeDefined();
    clock.advance(30_000);
    const next = store.issueForApp('app', 'corp');
    expect(next.accessToken).not.toBe(app.accessToken);
    expect(store.size).toBe(2);
  });

  it('forgets every token on clear', () => {
    const store = new SandboxTokenStore(LIFETIME_S, manualClock().now);
    const token = store.issueForApp('app', 'corp').accessToken;
    store.clear();
    expect(store.resolve(token)).toBeUndefined();
    expect(store.size).toBe(0);
  });

  it('issues 32 hex digit tokens, answering the lifetime in seconds for apps and corps alike', () => {
    const store = new SandboxTokenStore(LIFETIME_S, manualClock().now);
    const app = store.issueForApp('app', 'corp');
    const again = store.issueForApp('app', 'corp');
    const corp = store.issueForCorp('suite', 'corp', 3);
    for (const answer of [app, again, corp]) {
      expect(Object.keys(answer)).toStrictEqual(['accessToken', 'expireIn']);
      expect(answer.accessToken).toMatch(/^[0-9a-f]{32}$/);
      expect(answer.expireIn).toBe(LIFETIME_S);
    }
    expect(corp.accessToken).not.toBe(app.accessToken);
  });

  it('issues a new corp token on every call, the earlier ones staying valid', () => {
    const clock = manualClock();
    const store = new SandboxTokenStore(LIFETIME_S, clock.now);
    const first = store.issueForCorp('suite', 'corp', 1);
    clock.advance(10_000);
    const second = store.issueForCorp('suite', 'corp', 2);
    expect(second.accessToken).not.toBe(first.accessToken);
    expect(store.resolve(first.accessToken)).toStrictEqual({
      kind: 'suite',
      key: 'suite',
      corpId: 'corp',
      grant: 1,
    });
    expect(store.resolve(second.accessToken)).toStrictEqual({
      kind: 'suite',
      key: 'suite',
      corpId: 'corp',
      grant: 2,
    });
    expect(store.size).toBe(2);
  });

  it('resolves an unknown token to undefined', () => {
    const store = new SandboxTokenStore(LIFETIME_S, manualClock().now);
    store.issueForApp('app', 'corp');
    expect(store.resolve('0'.repeat(32))).toBeUndefined();
  });

  it('accepts a token until the millisecond before its expiry, and forgets it when found expired', () => {
    const clock = manualClock();
    const store = new SandboxTokenStore(LIFETIME_S, clock.now);
    const { accessToken } = store.issueForCorp('suite', 'corp', 1);
    clock.advance(LIFETIME_S * 1000 - 1);
    expect(store.resolve(accessToken)).toBeDefined();
    expect(store.size).toBe(1);
    clock.advance(1);
    expect(store.resolve(accessToken)).toBeUndefined();
    expect(store.size).toBe(0);
  });

  it('keeps every token still valid by a millisecond when purging', () => {
    const clock = manualClock();
    const store = new SandboxTokenStore(LIFETIME_S, clock.now);
    store.issueForApp('app', 'corp');
    store.issueForCorp('suite', 'corp', 1);
    clock.advance(LIFETIME_S * 1000 - 1);
    store.issueForCorp('suite', 'corp', 1);
    expect(store.size).toBe(3);
  });

  it("purging a suite's expired token keeps the current token of an app with the same key", () => {
    const clock = manualClock();
    const store = new SandboxTokenStore(LIFETIME_S, clock.now);
    store.issueForCorp('same-key', 'corp', 1);
    clock.advance(30_000);
    const app = store.issueForApp('same-key', 'corp');
    clock.advance(30_000);
    store.issueForCorp('other-suite', 'corp', 1);
    expect(store.size).toBe(2);
    expect(store.issueForApp('same-key', 'corp').accessToken).toBe(app.accessToken);
  });

  it('issues a new app token once the current one was purged', () => {
    const clock = manualClock();
    const store = new SandboxTokenStore(LIFETIME_S, clock.now);
    const old = store.issueForApp('app', 'corp');
    clock.advance(LIFETIME_S * 1000);
    store.issueForCorp('suite', 'corp', 1);
    expect(store.size).toBe(1);
    const fresh = store.issueForApp('app', 'corp');
    expect(fresh.accessToken).not.toBe(old.accessToken);
    expect(store.resolve(fresh.accessToken)).toStrictEqual({
      kind: 'app',
      key: 'app',
      corpId: 'corp',
    });
  });
});
