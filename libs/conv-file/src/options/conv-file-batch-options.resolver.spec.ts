import { resolveConvFileBatchOptions } from './conv-file-batch-options.resolver';

describe('resolveConvFileBatchOptions', () => {
  it('applies the defaults, keeping a key given as undefined at its default', () => {
    expect(resolveConvFileBatchOptions({ concurrency: undefined, maxAttempts: 2 }, true)).toEqual({
      concurrency: 20,
      maxAttempts: 2,
      retryDelayMs: 1000,
      stalledAfterMs: 30_000,
      retentionMs: 7 * 24 * 3600_000,
      worker: true,
      shutdownWaitMs: 10_000,
    });
  });

  it('reports every problem at once, naming each option, and that batches need redis', () => {
    const resolve = () =>
      resolveConvFileBatchOptions(
        { concurrency: 0, stalledAfterMs: 10, worker: 'yes' as unknown as boolean },
        false,
      );

    expect(resolve).toThrow(
      'Invalid ConvFileModule options: option batches needs the redis option: batches live in Redis; ' +
        'option batches.concurrency must be a whole number from 1 to 1000; ' +
        'option batches.stalledAfterMs must be a whole number from 1000 to 2147483647; ' +
        'option batches.worker must be true or false',
    );
  });

  const LIMITS = [
    ['concurrency', 1, 1000],
    ['maxAttempts', 1, 100],
    ['retryDelayMs', 0, 2_147_483_647],
    ['stalledAfterMs', 1000, 2_147_483_647],
    ['retentionMs', 60_000, 365 * 24 * 3600_000],
    ['shutdownWaitMs', 0, 2_147_483_647],
  ] as const;

  it.each(LIMITS)('takes batches.%s from %d to %d, both included', (option, min, max) => {
    expect(resolveConvFileBatchOptions({ [option]: min }, true)[option]).toBe(min);
    expect(resolveConvFileBatchOptions({ [option]: max }, true)[option]).toBe(max);
  });

  it.each(LIMITS)('refuses batches.%s below %d, above %d, or not whole', (option, min, max) => {
    for (const value of [min - 1, max + 1, min + 0.5, String(min)]) {
      expect(() => resolveConvFileBatchOptions({ [option]: value as number }, true)).toThrow(
        `Invalid ConvFileModule options: option batches.${option} must be a whole number from ${min} to ${max}`,
      );
    }
  });

  it('takes worker: false (a process that only starts batches)', () => {
    expect(resolveConvFileBatchOptions({ worker: false }, true).worker).toBe(false);
  });
});
