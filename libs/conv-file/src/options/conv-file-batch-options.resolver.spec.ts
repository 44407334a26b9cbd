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
});
