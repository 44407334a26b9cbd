import { SandboxRateLimiter } from './sandbox-rate.limiter';
import { manualClock } from '../testing/sandbox-http.test-helper';

describe('SandboxRateLimiter', () => {
  it('admits `limit` calls per fixed window, refuses the rest and starts afresh next window', () => {
    const clock = manualClock(10_000);
    const limiter = new SandboxRateLimiter(3, 1000, clock.now);
    const first = [1, 2, 3, 4, 5].map(() => limiter.admit('app', 'SendByApp'));
    expect(first).toEqual([true, true, true, false, false]);
    clock.advance(999);
    expect(limiter.admit('app', 'SendByApp')).toBe(false);
    clock.advance(1);
    expect(limiter.admit('app', 'SendByApp')).toBe(true);
    expect(limiter.throttled).toBe(3);
    expect(limiter.maxPerWindow()).toEqual({ app: { SendByApp: 3 } });
  });

  it('keeps separate windows per app and per API', () => {
    const limiter = new SandboxRateLimiter(1, 1000, manualClock().now);
    expect(limiter.admit('a', 'Send')).toBe(true);
    expect(limiter.admit('a', 'SendLink')).toBe(true);
    expect(limiter.admit('b', 'Send')).toBe(true);
    expect(limiter.admit('a', 'Send')).toBe(false);
    expect(limiter.maxPerWindow()).toEqual({ a: { Send: 1, SendLink: 1 }, b: { Send: 1 } });
  });

  it('reports the highest window, not the latest', () => {
    const clock = manualClock(0);
    const limiter = new SandboxRateLimiter(10, 1000, clock.now);
    for (let i = 0; i < 4; i += 1) limiter.admit('a', 'Send');
    clock.advance(1000);
    limiter.admit('a', 'Send');
    expect(limiter.maxPerWindow().a.Send).toBe(4);
  });

  it('admits everything without a limit but still measures peaks', () => {
    const limiter = new SandboxRateLimiter(undefined, 1000, manualClock().now);
    for (let i = 0; i < 50; i += 1) expect(limiter.admit('a', 'Send')).toBe(true);
    expect(limiter.throttled).toBe(0);
    expect(limiter.maxPerWindow().a.Send).toBe(50);
  });

  it('forgets everything on clear', () => {
    const limiter = new SandboxRateLimiter(1, 1000, manualClock().now);
    limiter.admit('a', 'Send');
    limiter.admit('a', 'Send');
    limiter.clear();
    expect(limiter.throttled).toBe(0);
    expect(limiter.maxPerWindow()).toEqual({});
    expect(limiter.admit('a', 'Send')).toBe(true);
  });
});
