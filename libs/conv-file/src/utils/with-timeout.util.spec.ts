import { DingTalkErrorMessages } from '../messages/dingtalk-error.messages';
import { withTimeout } from './with-timeout.util';

describe('withTimeout', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it("settles with the operation's value, and leaves no timer behind", async () => {
    await expect(withTimeout(Promise.resolve('done'), 1000)).resolves.toBe('done');

    expect(jest.getTimerCount()).toBe(0);
  });

  it("settles with the operation's failure, and leaves no timer behind", async () => {
    const failure = new Error('refused');

    await expect(withTimeout(Promise.reject(failure), 1000)).rejects.toBe(failure);

    expect(jest.getTimerCount()).toBe(0);
  });

  it('rejects at its time, not before, when the operation has not settled', async () => {
    const outcome = withTimeout(new Promise<never>(() => undefined), 1000).catch(
      (error: unknown) => error,
    );
    let settled = false;
    void outcome.then(() => (settled = true));

    await jest.advanceTimersByTimeAsync(999);
    expect(settled).toBe(false);
    await jest.advanceTimersByTimeAsync(1);

    expect(await outcome).toEqual(new Error(DingTalkErrorMessages.timedOut(1000)));
  });
});
