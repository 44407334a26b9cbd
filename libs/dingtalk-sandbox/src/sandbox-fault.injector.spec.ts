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
});
