import { SandboxFaults } from './sandbox-fault.injector';

describe('SandboxFaults', () => {
  it('hands out queued faults first-in first-out, each `count` times', () => {
    const faults = new SandboxFaults();
    faults.failNext({ code: 'systemError', status: 500, count: 2 });
    faults.dropNext({ when: 'after' });
    const taken = [1, 2, 3, 4].map(() => faults.take('Send')?.type);
    expect(taken).toEqual(['error', 'error', 'drop', undefined]);
  });

  it('lets calls to other APIs pass a fault aimed at one API', () => {
    const faults = new SandboxFaults();
    faults.blockNext({ format: 'json', api: 'GetAccessToken' });
    expect(faults.take('SendByApp')).toBeUndefined();
    expect(faults.take('GetAccessToken')).toMatchObject({ type: 'ipBlock', status: 200 });
    expect(faults.take('GetAccessToken')).toBeUndefined();
  });

  it('says a default message was injected unless one is given', () => {
    const faults = new SandboxFaults();
    faults.failNext({ code: 'systemError', status: 500 });
    faults.failNext({ code: 'Custom.Code', status: 503, message: 'down' });
    expect([faults.take('Send'), faults.take('Send')]).toMatchObject([
      { message: 'Sandbox injected fault systemError.' },
      { message: 'down' },
    ]);
  });

  it('defaults block statuses to 403 for html and 200 for json', () => {
    const faults = new SandboxFaults();
    faults.blockNext({ format: 'html' });
    faults.blockNext({ format: 'json' });
    expect(faults.pending().queued).toMatchObject([
      { type: 'ipBlock', format: 'html', status: 403, remaining: 1 },
      { type: 'ipBlock', format: 'json', status: 200, remaining: 1 },
    ]);
  });

  it('adds the global latency to the per-API latency and restores the initial one on clear', () => {
    const faults = new SandboxFaults(5);
    faults.setLatency(100, 'SendByApp');
    expect(faults.latencyFor('SendByApp')).toBe(105);
    expect(faults.latencyFor('Send')).toBe(5);
    faults.setLatency(20);
    expect(faults.latencyFor('Send')).toBe(20);
    faults.failNext({ code: 'x', status: 500 });
    faults.clear();
    expect(faults.pending()).toEqual({ latencyMs: { all: 5 }, queued: [] });
  });

  it.each([
    ['a status out of range', (f: SandboxFaults) => f.failNext({ code: 'x', status: 200 })],
    ['a blank code', (f: SandboxFaults) => f.failNext({ code: ' ', status: 500 })],
    ['a zero count', (f: SandboxFaults) => f.dropNext({ when: 'after', count: 0 })],
    ['an unknown drop moment', (f: SandboxFaults) => f.dropNext({ when: 'during' as 'after' })],
    [
      'an unknown api',
      (f: SandboxFaults) => f.blockNext({ format: 'html', api: 'Nope' as 'Send' }),
    ],
    ['an unknown format', (f: SandboxFaults) => f.blockNext({ format: 'xml' as 'html' })],
  ])('refuses %s', (_name, inject) => {
    const faults = new SandboxFaults();
    expect(() => inject(faults)).toThrow();
    expect(faults.pending().queued).toEqual([]);
  });

  it.each([-1, Number.NaN, Number.POSITIVE_INFINITY])('refuses a latency of %d ms', (ms) => {
    const faults = new SandboxFaults();
    expect(() => faults.setLatency(ms, 'Send')).toThrow(
      `latency must be a non-negative number of milliseconds, got ${ms}`,
    );
    expect(faults.pending().latencyMs).toEqual({ all: 0 });
  });
  it('accepts whole error statuses from 400 to 599 and refuses 399, 600 and fractions', () => {
    const faults = new SandboxFaults();
    faults.failNext({ code: 'x', status: 400 });
    faults.failNext({ code: 'x', status: 599 });
    expect(() => faults.failNext({ code: 'x', status: 399 })).toThrow(RangeError);
    expect(() => faults.failNext({ code: 'x', status: 600 })).toThrow(RangeError);
    expect(() => faults.failNext({ code: 'x', status: 500.5 })).toThrow(RangeError);
    expect(faults.pending().queued).toMatchObject([{ status: 400 }, { status: 599 }]);
  });

  it('accepts block statuses from 200 to 599 and refuses 199 and 600', () => {
    const faults = new SandboxFaults();
    faults.blockNext({ format: 'html', status: 200 });
    faults.blockNext({ format: 'json', status: 599 });
    expect(() => faults.blockNext({ format: 'html', status: 199 })).toThrow(RangeError);
    expect(() => faults.blockNext({ format: 'json', status: 600 })).toThrow(RangeError);
    expect(faults.pending().queued).toMatchObject([{ status: 200 }, { status: 599 }]);
  });

  it('refuses a message that is not text, and a code that is not text', () => {
    const faults = new SandboxFaults();
    expect(() =>
      faults.failNext({ code: 'x', status: 500, message: 42 as unknown as string }),
    ).toThrow(TypeError);
    expect(() => faults.failNext({ code: 42 as unknown as string, status: 500 })).toThrow(
      TypeError,
    );
    expect(faults.pending().queued).toEqual([]);
  });

  it('refuses a fractional count, and reports the uses left of a fault being consumed', () => {
    const faults = new SandboxFaults();
    expect(() => faults.dropNext({ when: 'before', count: 1.5 })).toThrow(RangeError);
    faults.dropNext({ when: 'before', count: 3, api: 'Send' });
    expect(faults.take('Send')).toEqual({
      type: 'drop',
      when: 'before',
      api: 'Send',
      remaining: 2,
    });
    expect(faults.pending().queued).toEqual([
      { type: 'drop', when: 'before', api: 'Send', remaining: 2 },
    ]);
  });

  it('returns copies: changing what pending() or take() returned changes nothing queued', () => {
    const faults = new SandboxFaults();
    faults.failNext({ code: 'x', status: 500, count: 2 });
    const taken = faults.take('Send');
    if (taken) taken.remaining = 0;
    const pending = faults.pending();
    pending.queued[0].remaining = 9;
    pending.latencyMs.all = 9;
    expect(faults.pending()).toEqual({
      latencyMs: { all: 0 },
      queued: [expect.objectContaining({ remaining: 1 })],
    });
  });
  it('accepts a latency of 0 ms, which removes it', () => {
    const faults = new SandboxFaults();
    faults.setLatency(50, 'Send');
    faults.setLatency(0, 'Send');
    expect(faults.latencyFor('Send')).toBe(0);
  });

  it('refuses a code that is not text with its own message', () => {
    const faults = new SandboxFaults();
    expect(() => faults.failNext({ code: 42 as unknown as string, status: 500 })).toThrow(
      'fault code must be a non-blank string',
    );
  });

  it('refuses an unknown block format even with a valid status', () => {
    const faults = new SandboxFaults();
    expect(() => faults.blockNext({ format: 'xml' as 'html', status: 403 })).toThrow(
      'block format must be "html" or "json"',
    );
    expect(faults.pending().queued).toEqual([]);
  });

  it('refuses a fractional block status', () => {
    const faults = new SandboxFaults();
    expect(() => faults.blockNext({ format: 'html', status: 250.5 })).toThrow(RangeError);
    expect(faults.pending().queued).toEqual([]);
  });
});
