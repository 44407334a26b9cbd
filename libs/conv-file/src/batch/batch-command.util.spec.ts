import { DingTalkBatchError } from '../errors/dingtalk-batch.error';
import {
  BATCH_COMMAND_TIMEOUT_MS,
  batchesUnavailable,
  guardBatchCommand,
} from './batch-command.util';

const UNAVAILABLE =
  'Batches are unavailable: Redis, where they are kept, does not answer; try again later';

/** What a caller is told when guardBatchCommand fails, or an error if it did not fail. */
async function failureOf(command: Promise<unknown>): Promise<unknown> {
  return command.then(
    () => new Error('the command succeeded'),
    (error: unknown) => error,
  );
}

describe('batchesUnavailable', () => {
  it('is a DingTalkBatchError with the code batchesUnavailable and says to try again later', () => {
    const error = batchesUnavailable();

    expect(error).toBeInstanceOf(DingTalkBatchError);
    expect(error).toMatchObject({ code: 'batchesUnavailable', message: UNAVAILABLE });
    expect(error.cause).toBeUndefined();
  });
});

describe('guardBatchCommand', () => {
  afterEach(() => jest.useRealTimers());

  it("answers the command's own result when it succeeds", async () => {
    await expect(guardBatchCommand(Promise.resolve(['OK', 3]))).resolves.toEqual(['OK', 3]);
  });

  it('fails with batchesUnavailable, not with what Redis said, so that no URL or password leaks', async () => {
    const redisSaid = new Error('connect ECONNREFUSED redis://user:s3cret@10.0.0.1:6379');

    const error = await failureOf(guardBatchCommand(Promise.reject(redisSaid)));

    expect(error).toBeInstanceOf(DingTalkBatchError);
    expect(error).toMatchObject({ code: 'batchesUnavailable', message: UNAVAILABLE });
    expect((error as Error).cause).toBeUndefined();
    expect(JSON.stringify(error)).not.toContain('s3cret');
  });

  it(`waits ${BATCH_COMMAND_TIMEOUT_MS} ms (5 s) for an answer, then fails with batchesUnavailable instead of hanging`, async () => {
    jest.useFakeTimers();
    let settled: unknown = 'pending';
    void guardBatchCommand(new Promise<never>(() => undefined)).then(
      () => (settled = 'resolved'),
      (error: unknown) => (settled = error),
    );

    expect(BATCH_COMMAND_TIMEOUT_MS).toBe(5000);
    await jest.advanceTimersByTimeAsync(BATCH_COMMAND_TIMEOUT_MS - 1);
    expect(settled).toBe('pending');
    await jest.advanceTimersByTimeAsync(1);

    expect(settled).toBeInstanceOf(DingTalkBatchError);
    expect(settled).toMatchObject({ code: 'batchesUnavailable', message: UNAVAILABLE });
  });

  it('answers a slow command that still answers within the 5 s', async () => {
    jest.useFakeTimers();
    const answered = new Promise<string>((resolve) =>
      setTimeout(() => resolve('late but in time'), BATCH_COMMAND_TIMEOUT_MS - 1),
    );

    const guarded = guardBatchCommand(answered);
    await jest.advanceTimersByTimeAsync(BATCH_COMMAND_TIMEOUT_MS - 1);

    await expect(guarded).resolves.toBe('late but in time');
  });
});
