import { SandboxTokenStore } from './sandbox-token.store';
import { manualClock } from '../testing/sandbox-http.test-helper';

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
});
