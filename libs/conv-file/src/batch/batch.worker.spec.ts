import { EventEmitter } from 'node:events';
import type { Worker } from 'bullmq';
import { recordNestLogs, type RecordedLogLine } from '../../testing/nest-log.test-helper';
import type { ResolvedConvFileBatchOptions } from '../options/conv-file-batch-options.resolver';
import type { BatchItemProcessor, BatchJobLike } from './batch-item.processor';
import { BatchWorker, type BatchWorkerFactory } from './batch.worker';

/** A settable promise. */
function deferred<T = void>() {
  let resolve!: (value: T) => void;
  let reject!: (error: Error) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

/** A BullMQ worker whose set-up, loop and close the test settles by hand. */
class FakeWorker extends EventEmitter {
  readonly ready = deferred();
  readonly closing = deferred();
  loop: Promise<void> = new Promise<void>(() => undefined);
  readonly runs: number[] = [];
  readonly closes: Array<'graceful' | 'forced'> = [];
  disconnected = false;

  waitUntilReady(): Promise<void> {
    return this.ready.promise;
  }

  run(): Promise<void> {
    this.runs.push(Date.now());
    return this.loop;
  }

  close(force?: boolean): Promise<void> {
    this.closes.push(force ? 'forced' : 'graceful');
    return force ? Promise.resolve() : this.closing.promise;
  }
}

/** Lets the promise callbacks of a settled set-up run. */
const settled = () => new Promise<void>((resolve) => setImmediate(resolve));

const REDIS_DOWN = 'connect ECONNREFUSED redis://default:s3cret@redis.internal:6379/0';

describe('BatchWorker', () => {
  let made: FakeWorker[];
  let handed: Array<(job: BatchJobLike) => Promise<void>>;
  let processed: BatchJobLike[];
  let processing: Promise<void>;
  let logs: ReturnType<typeof recordNestLogs>;
  const factory: BatchWorkerFactory = {
    create: (process) => {
      const worker = new FakeWorker();
      made.push(worker);
      handed.push(process);
      return {
        instance: worker as unknown as Worker,
        disconnect: () => {
          worker.disconnected = true;
        },
      };
    },
  };
  const processor = {
    process: (job: BatchJobLike) => {
      processed.push(job);
      return processing;
    },
  } as unknown as BatchItemProcessor;
  const batchWorker = (options: Partial<ResolvedConvFileBatchOptions> = {}) =>
    new BatchWorker(factory, processor, {
      worker: true,
      shutdownWaitMs: 1000,
      ...options,
    } as ResolvedConvFileBatchOptions);
  const warnings = (): RecordedLogLine[] => logs.lines.filter((line) => line.level === 'warn');

  beforeEach(() => {
    made = [];
    handed = [];
    processed = [];
    processing = Promise.resolve();
    logs = recordNestLogs();
  });
  afterEach(() => {
    logs.restore();
    jest.useRealTimers();
  });

  describe('at bootstrap', () => {
    it('makes no worker before the app is up, then one, run only once its connections are set up', async () => {
      const worker = batchWorker();
      expect(made).toHaveLength(0);

      worker.onApplicationBootstrap();
      expect(made).toHaveLength(1);
      await settled();
      expect(made[0].runs).toHaveLength(0);

      made[0].ready.resolve();
      await settled();
      expect(made[0].runs).toHaveLength(1);
      expect(made).toHaveLength(1);
    });

    it('makes and runs no worker when options.worker is false (this instance only queues)', async () => {
      const worker = batchWorker({ worker: false });

      worker.onApplicationBootstrap();

      expect(made).toHaveLength(0);
      await expect(worker.beforeApplicationShutdown()).resolves.toBeUndefined();
      expect(warnings()).toEqual([]);
    });

    it("hands each job to the processor, and answers the processor's outcome to BullMQ", async () => {
      batchWorker().onApplicationBootstrap();
      const job = { data: { batchId: 'b', index: 4 }, attemptsMade: 2 };

      await expect(handed[0](job)).resolves.toBeUndefined();
      const failure = new Error('throttled: retry the job');
      processing = Promise.reject(failure);
      await expect(handed[0](job)).rejects.toBe(failure);

      expect(processed).toEqual([job, job]);
      expect(processed[0]).toBe(job);
    });
  });

  describe('logging the worker’s errors', () => {
    it('warns once, in the DingTalkBatch context, however often the worker reports an error', () => {
      batchWorker().onApplicationBootstrap();

      made[0].emit('error', new Error('Connection is closed.'));
      made[0].emit('error', new Error('Connection is closed.'));
      made[0].emit('error', new Error('Socket closed unexpectedly'));

      expect(warnings()).toEqual([
        {
          level: 'warn',
          message: 'The batch worker reported an error: Connection is closed.',
          context: 'DingTalkBatch',
        },
      ]);
      expect(logs.lines).toHaveLength(1);
    });

    it('warns again after a job completed (the worker worked again)', () => {
      batchWorker().onApplicationBootstrap();

      made[0].emit('error', new Error('first outage'));
      made[0].emit('completed');
      made[0].emit('error', new Error('second outage'));
      made[0].emit('error', new Error('still the second outage'));

      expect(warnings().map((line) => line.message)).toEqual([
        'The batch worker reported an error: first outage',
        'The batch worker reported an error: second outage',
      ]);
    });

    it('redacts Redis URLs, and the passwords in them, from what it logs', () => {
      batchWorker().onApplicationBootstrap();

      made[0].emit('error', new Error(REDIS_DOWN));

      const [warning] = warnings();
      expect(warning.message).toBe(
        'The batch worker reported an error: connect ECONNREFUSED redis://…',
      );
      expect(warning.message).not.toContain('s3cret');
    });

    it('reports a failed worker loop like an error, redacted, and once with the errors', async () => {
      const worker = batchWorker();
      worker.onApplicationBootstrap();
      made[0].loop = Promise.reject(new Error(`loop died: ${REDIS_DOWN}`));

      made[0].ready.resolve();
      await settled();
      made[0].emit('error', new Error('and an error after it'));

      expect(warnings().map((line) => line.message)).toEqual([
        'The batch worker reported an error: loop died: connect ECONNREFUSED redis://…',
      ]);
    });
  });

  describe('at shutdown', () => {
    it('closes the worker gracefully (waiting for its items in flight), then ends its connections, without a warning', async () => {
      const worker = batchWorker();
      worker.onApplicationBootstrap();
      made[0].ready.resolve();
      await settled();

      const shutDown = worker.beforeApplicationShutdown();
      await settled();
      expect(made[0].closes).toEqual(['graceful']);
      expect(made[0].disconnected).toBe(false);
      made[0].closing.resolve();
      await shutDown;

      expect(made[0].disconnected).toBe(true);
      expect(warnings()).toEqual([]);
    });

    it('closes a worker still setting up its connections only once its set-up has finished', async () => {
      const worker = batchWorker();
      worker.onApplicationBootstrap();

      const shutDown = worker.beforeApplicationShutdown();
      await settled();
      expect(made[0].closes).toEqual([]);
      made[0].ready.resolve();
      await settled();
      expect(made[0].closes).toEqual(['graceful']);
      expect(made[0].runs).toEqual([]);
      made[0].closing.resolve();
      await shutDown;

      expect(warnings()).toEqual([]);
    });

    it('closes a worker whose set-up failed as well, and makes no other', async () => {
      const worker = batchWorker();
      worker.onApplicationBootstrap();

      const shutDown = worker.beforeApplicationShutdown();
      made[0].ready.reject(new Error('Socket closed unexpectedly'));
      await settled();
      expect(made[0].closes).toEqual(['graceful']);
      made[0].closing.resolve();
      await shutDown;

      expect(made).toHaveLength(1);
      expect(warnings()).toEqual([]);
    });

    it('waits shutdownWaitMs for the close, then forces it and warns, naming the wait', async () => {
      jest.useFakeTimers({ doNotFake: ['setImmediate'] });
      const worker = batchWorker({ shutdownWaitMs: 250 });
      worker.onApplicationBootstrap();
      made[0].ready.resolve();
      await settled();

      let done = false;
      const shutDown = worker.beforeApplicationShutdown().then(() => (done = true));
      await jest.advanceTimersByTimeAsync(249);
      expect(done).toBe(false);
      expect(warnings()).toEqual([]);
      await jest.advanceTimersByTimeAsync(1);
      await shutDown;

      expect(made[0].closes).toEqual(['graceful', 'forced']);
      expect(made[0].disconnected).toBe(true);
      expect(warnings()).toEqual([
        {
          level: 'warn',
          message:
            'The batch worker did not stop within 250 ms; items in flight end unknown when another instance takes them over',
          context: 'DingTalkBatch',
        },
      ]);
    });

    it("ends the worker's connections at application shutdown", async () => {
      const worker = batchWorker();
      worker.onApplicationBootstrap();
      made[0].ready.resolve();
      await settled();

      worker.onApplicationShutdown();

      expect(made[0].disconnected).toBe(true);
    });

    it('makes no worker after application shutdown, even in place of one whose set-up failed', async () => {
      jest.useFakeTimers({ doNotFake: ['setImmediate'] });
      const worker = batchWorker();
      worker.onApplicationBootstrap();

      worker.onApplicationShutdown();
      made[0].ready.reject(new Error('Socket closed unexpectedly'));
      await settled();
      jest.runAllTimers();

      expect(made).toHaveLength(1);
      expect(made[0].runs).toEqual([]);
    });
  });
});
