import { withTimeout } from '../utils/with-timeout.util';

/** First wait before replacing an instance whose set-up failed; it doubles up to the longest. */
const FIRST_RETRY_DELAY_MS = 100;
const LONGEST_RETRY_DELAY_MS = 2000;

/** What a BullMQ queue or worker is, for its supervisor. */
export interface BullMqInstance {
  waitUntilReady(): Promise<unknown>;
  close(force?: boolean): Promise<void>;
}

/** A BullMQ instance made on Redis connections of its own, and how to end those connections. */
export interface MadeBullMqInstance<T extends BullMqInstance> {
  instance: T;
  disconnect(): void;
}

/**
 * Keeps one BullMQ queue or worker whose connections are set up. BullMQ sets an instance's Redis
 * connections up once, when it is made: if Redis fails during that (it died while the app
 * started), the instance never works again, and a worker's loop, once started, spins without
 * yielding and freezes the process. So each instance is used only once its set-up succeeded
 * (`onReady`), and one whose set-up failed is ended and replaced after a growing delay. An
 * outage after the set-up is BullMQ's and the Redis client's to ride out.
 */
export class BullMqSetUpSupervisor<T extends BullMqInstance> {
  private made: MadeBullMqInstance<T> | undefined;
  private retryTimer: NodeJS.Timeout | undefined;
  // Stryker disable next-line BooleanLiteral: start() sets it before anything reads it.
  private stopped = false;

  constructor(
    private readonly make: () => MadeBullMqInstance<T>,
    private readonly onReady: (instance: T) => void = () => undefined,
  ) {}

  /** The instance in use, set up or not yet (undefined once stopped or between replacements). */
  get current(): T | undefined {
    return this.made?.instance;
  }

  start(): void {
    this.stopped = false;
    this.setUp(0);
  }

  /**
   * Stops replacing, closes the current instance with `close` within `waitMs` (after that, a
   * worker is closed by force; a queue has no forced close), then ends its connections.
   * @returns false when `close` took longer than `waitMs` or failed.
   */
  async shutDown(waitMs: number, close: (instance: T) => Promise<unknown>): Promise<boolean> {
    const instance = this.current;
    this.stop();
    let closed = true;
    if (instance) {
      // A close that throws at once still ends the connections below.
      closed = await withTimeout(Promise.resolve(instance).then(close), waitMs).then(
        () => true,
        () => false,
      );
      if (!closed) void instance.close(true).catch(() => undefined);
    }
    this.disconnect();
    return closed;
  }

  /** Stops replacing. */
  stop(): void {
    this.stopped = true;
    clearTimeout(this.retryTimer);
    this.retryTimer = undefined;
  }

  /** Ends the current instance's connections. */
  disconnect(): void {
    this.stop();
    this.made?.disconnect();
    this.made = undefined;
  }

  private setUp(failures: number): void {
    const made = this.make();
    this.made = made;
    made.instance.waitUntilReady().then(
      () => {
        if (this.made === made && !this.stopped) this.onReady(made.instance);
      },
      () => {
        if (this.made !== made || this.stopped) return;
        this.made = undefined;
        void made.instance.close(true).catch(() => undefined);
        made.disconnect();
        const delay = Math.min(FIRST_RETRY_DELAY_MS * 2 ** failures, LONGEST_RETRY_DELAY_MS);
        this.retryTimer = setTimeout(() => this.setUp(failures + 1), delay);
      },
    );
  }
}
