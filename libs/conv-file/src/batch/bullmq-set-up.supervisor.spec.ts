import { BullMqSetUpSupervisor, type BullMqInstance } from './bullmq-set-up.supervisor';

/** A queue or worker whose set-up the test settles by hand. */
class FakeInstance implements BullMqInstance {
  closedWith: boolean | undefined;
  disconnected = false;
  settle!: { ready: () => void; fail: () => void };
  private readonly ready = new Promise<void>((ready, fail) => {
    this.settle = { ready, fail: () => fail(new Error('Socket closed unexpectedly')) };
  });

  waitUntilReady(): Promise<unknown> {
    return this.ready;
  }

  close(force = false): Promise<void> {
    this.closedWith = force;
    return Promise.resolve();
  }
}

/** Lets the promise callbacks of a settled set-up run. */
const settled = () => new Promise<void>((resolve) => setImmediate(resolve));

describe('BullMqSetUpSupervisor', () => {
  let made: FakeInstance[];
  let readied: FakeInstance[];
  let supervisor: BullMqSetUpSupervisor<FakeInstance>;

  beforeEach(() => {
    jest.useFakeTimers({ doNotFake: ['setImmediate'] });
    made = [];
    readied = [];
    supervisor = new BullMqSetUpSupervisor(
      () => {
        const instance = new FakeInstance();
        made.push(instance);
        return {
          instance,
          disconnect: () => {
            instance.disconnected = true;
          },
        };
      },
      (instance) => readied.push(instance),
    );
  });

  afterEach(() => {
    supervisor.disconnect();
    jest.useRealTimers();
  });

  it('hands over an instance only once its set-up succeeded', async () => {
    supervisor.start();
    expect(supervisor.current).toBe(made[0]);
    expect(readied).toEqual([]);

    made[0].settle.ready();
    await settled();

    expect(readied).toEqual([made[0]]);
    expect(made).toHaveLength(1);
  });

  it('ends an instance whose set-up failed (forced close, its connections ended) and never hands it over', async () => {
    supervisor.start();
    made[0].settle.fail();
    await settled();

    expect(made[0].closedWith).toBe(true);
    expect(made[0].disconnected).toBe(true);
    expect(supervisor.current).toBeUndefined();
    expect(readied).toEqual([]);
  });

  it('replaces a failed instance after 100 ms, doubling the wait per failure up to 2 s', async () => {
    supervisor.start();
    const waits: number[] = [];
    for (let failure = 0; failure < 7; failure++) {
      made[failure].settle.fail();
      await settled();
      const before = Date.now();
      jest.advanceTimersToNextTimer();
      waits.push(Date.now() - before);
    }

    expect(waits).toEqual([100, 200, 400, 800, 1600, 2000, 2000]);
    made[7].settle.ready();
    await settled();
    expect(readied).toEqual([made[7]]);
  });

  it('started again after a stop, ignores the old set-up failing or succeeding', async () => {
    supervisor.start();
    supervisor.stop();
    supervisor.start();
    made[0].settle.fail();
    await settled();

    expect(supervisor.current).toBe(made[1]);
    expect(made[0].closedWith).toBeUndefined();
    jest.advanceTimersByTime(10_000);
    expect(made).toHaveLength(2);

    supervisor.stop();
    supervisor.start();
    made[1].settle.ready();
    await settled();
    expect(readied).toEqual([]);
    made[2].settle.ready();
    await settled();
    expect(readied).toEqual([made[2]]);
  });

  it('makes no replacement once stopped, and hands nothing over after the stop', async () => {
    supervisor.start();
    made[0].settle.fail();
    await settled();
    supervisor.stop();
    jest.runAllTimers();
    expect(made).toHaveLength(1);

    supervisor.start();
    supervisor.stop();
    made[1].settle.ready();
    await settled();
    expect(readied).toEqual([]);
  });

  describe('shutDown', () => {
    it('closes the current instance with the given close, then ends its connections', async () => {
      supervisor.start();
      made[0].settle.ready();
      const closedBy: FakeInstance[] = [];

      const closed = await supervisor.shutDown(1000, (instance) => {
        closedBy.push(instance);
        expect(instance.disconnected).toBe(false);
        return Promise.resolve();
      });

      expect(closed).toBe(true);
      expect(closedBy).toEqual([made[0]]);
      expect(made[0].closedWith).toBeUndefined();
      expect(made[0].disconnected).toBe(true);
      expect(supervisor.current).toBeUndefined();
    });

    it('forces the close and ends the connections when closing takes longer than the wait, and says so', async () => {
      supervisor.start();
      const shutDown = supervisor.shutDown(1000, () => new Promise<never>(() => undefined));

      await jest.advanceTimersByTimeAsync(999);
      expect(made[0].disconnected).toBe(false);
      await jest.advanceTimersByTimeAsync(1);

      await expect(shutDown).resolves.toBe(false);
      expect(made[0].closedWith).toBe(true);
      expect(made[0].disconnected).toBe(true);
    });

    it('makes no replacement after it, even while a failed set-up waits for its replacement', async () => {
      supervisor.start();
      made[0].settle.fail();
      await settled();

      await expect(supervisor.shutDown(1000, () => Promise.resolve())).resolves.toBe(true);
      jest.runAllTimers();
      expect(made).toHaveLength(1);
    });
  });
});
