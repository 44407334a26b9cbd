import { RateLimiterMemory, type RateLimiterRes } from 'rate-limiter-flexible';
import { DingTalkRateLimitError } from '../errors/dingtalk-rate-limit.error';
import type { ConvFileModuleOptions } from '../options/conv-file-module-options.interface';
import { resolveConvFileOptions } from '../options/conv-file-options.resolver';
import { SecondWindowRateLimiter } from './second-window.rate-limiter';

/** A second boundary, plus an offset in ms. */
const at = (offsetMs: number) => Date.parse('2026-01-01T00:00:00.000Z') + offsetMs;

describe('SecondWindowRateLimiter (in memory)', () => {
  let limiter: SecondWindowRateLimiter;

  function create(rateLimit: ConvFileModuleOptions['rateLimit'], startMs = 100) {
    jest.useFakeTimers({ now: at(startMs) });
    const options = resolveConvFileOptions({ appKey: 'k', appSecret: 's', rateLimit });
    if (!options.rateLimit) throw new Error('this spec needs a rate limit');
    limiter = new SecondWindowRateLimiter(options.rateLimit, options.apps.default.id);
  }

  afterEach(() => {
    limiter.onApplicationShutdown();
    jest.restoreAllMocks();
    jest.useRealTimers();
  });

  /** Starts `count` acquisitions and records when each is let through. */
  function acquireMany(count: number, api: 'SendByApp' | 'GetSpace' = 'SendByApp') {
    const admittedAt: number[] = [];
    const outcomes = Array.from({ length: count }, () =>
      limiter.acquire(api).then(
        () => admittedAt.push(Date.now()),
        (error: unknown) => error,
      ),
    );
    return { admittedAt, outcomes };
  }

  /** Counting in second 1 (1000 to 1999 ms) goes through `around`, which makes the count with `count`. */
  function whenCountingSecondOne(
    around: (count: () => Promise<RateLimiterRes>) => Promise<RateLimiterRes>,
  ) {
    const consume = RateLimiterMemory.prototype.consume;
    return jest.spyOn(RateLimiterMemory.prototype, 'consume').mockImplementation(function (
      this: RateLimiterMemory,
      key,
      ...rest
    ) {
      const count = () => consume.call(this, key, ...rest);
      return String(key) === String(at(1000) / 1000) ? around(count) : count();
    });
  }

  it('lets N calls through per clock second and queues the rest, in order, to the next seconds', async () => {
    create({ perSecond: 5 });

    const { admittedAt } = acquireMany(12);
    await jest.advanceTimersByTimeAsync(0);
    expect(admittedAt).toHaveLength(5);

    await jest.advanceTimersByTimeAsync(900);
    expect(admittedAt).toHaveLength(10);
    await jest.advanceTimersByTimeAsync(1000);
    expect(admittedAt).toHaveLength(12);

    const perSecond = new Map<number, number>();
    for (const t of admittedAt)
      perSecond.set(Math.floor(t / 1000), (perSecond.get(Math.floor(t / 1000)) ?? 0) + 1);
    expect([...perSecond.values()]).toEqual([5, 5, 2]);
    expect(admittedAt[5]).toBe(at(1000));
  });

  it('counts each API separately', async () => {
    create({ perSecond: 2, perApi: { GetSpace: 3 } });

    const sends = acquireMany(5, 'SendByApp');
    const spaces = acquireMany(5, 'GetSpace');
    await jest.advanceTimersByTimeAsync(0);

    expect(sends.admittedAt).toHaveLength(2);
    expect(spaces.admittedAt).toHaveLength(3);
  });

  it('counts each caller separately: an app, and a third-party app per organization', async () => {
    create({ perSecond: 2 });
    const admitted = new Map<string, number>();
    const acquire = (caller?: string) =>
      limiter.acquire('SendByApp', caller).then(
        () => {
          const key = caller ?? 'default';
          admitted.set(key, (admitted.get(key) ?? 0) + 1);
        },
        // The calls still queued are refused when the spec shuts the limiter down.
        () => undefined,
      );

    for (const caller of [undefined, 'other-app', 'suite/corp-a', 'suite/corp-b']) {
      for (let i = 0; i < 4; i++) void acquire(caller);
    }
    await jest.advanceTimersByTimeAsync(0);

    expect(Object.fromEntries(admitted)).toEqual({
      default: 2,
      'other-app': 2,
      'suite/corp-a': 2,
      'suite/corp-b': 2,
    });
  });

  it('lets a call through at once in the last 50 ms of a second, and counts it in the next second too', async () => {
    create({ perSecond: 2 }, 960);

    const early = acquireMany(1);
    await jest.advanceTimersByTimeAsync(0);
    expect(early.admittedAt).toEqual([at(960)]);

    await jest.advanceTimersByTimeAsync(40);
    const next = acquireMany(2);
    await jest.advanceTimersByTimeAsync(0);
    // Second 1 holds the early call's slot: one more fits, the other waits for second 2.
    expect(next.admittedAt).toEqual([at(1000)]);
    await jest.advanceTimersByTimeAsync(1000);
    expect(next.admittedAt).toEqual([at(1000), at(2000)]);
  });

  it('makes a call in the last 50 ms wait while the next second is full', async () => {
    create({ perSecond: 1 }, 960);

    const { admittedAt } = acquireMany(2);
    await jest.advanceTimersByTimeAsync(2000);

    // The first took second 0 and second 1; the second finds second 0 full, then second 1.
    expect(admittedAt).toEqual([at(960), at(2000)]);
  });

  it('keeps a second counted to its end, though its count began in the previous second', async () => {
    create({ perSecond: 2 }, 960);

    acquireMany(1);
    await jest.advanceTimersByTimeAsync(1000);
    // 1960: the count of second 1 began at 960, a second ago; it still holds the early call.
    const late = acquireMany(2);
    await jest.advanceTimersByTimeAsync(0);
    expect(late.admittedAt).toEqual([at(1960)]);
  });

  it('counts a call again when its second ended while it was being counted (a slow Redis)', async () => {
    create({ perSecond: 1 }, 990);
    // The first reading of the clock is 990; counting takes 15 ms, into second 1.
    const fakeNow = Date.now.bind(Date);
    let readings = 0;
    const clock = jest.spyOn(Date, 'now').mockImplementation(() => {
      const now = fakeNow();
      if (++readings === 1) jest.setSystemTime(now + 15);
      return now;
    });

    const first = acquireMany(1);
    await jest.advanceTimersByTimeAsync(0);
    clock.mockRestore();
    const second = acquireMany(1);
    await jest.advanceTimersByTimeAsync(0);

    // The first leaves at 1005, counted in second 1: the one slot of second 1 is its own.
    expect(first.admittedAt).toEqual([at(1005)]);
    expect(second.admittedAt).toEqual([]);
    await jest.advanceTimersByTimeAsync(1000);
    expect(second.admittedAt).toEqual([at(2000)]);
  });

  it.each([
    ['ends within that second: the call leaves then', 1005, at(1005), at(2000)],
    ['ends past that second: the call is counted again, in second 2', 2005, at(2005), at(3000)],
  ])(
    'lets a call from the last 50 ms leave when counting it in the next second (a slow Redis) %s',
    async (_case, countedAt, leavesAt, nextLeavesAt) => {
      // 960 is in the last 50 ms: the call takes second 0, then second 1.
      create({ perSecond: 1 }, 960);
      const counting = whenCountingSecondOne((count) => {
        const counted = count();
        jest.setSystemTime(at(countedAt));
        return counted;
      });

      const first = acquireMany(1);
      await jest.advanceTimersByTimeAsync(0);
      counting.mockRestore();
      const next = acquireMany(1);
      await jest.advanceTimersByTimeAsync(0);

      expect(first.admittedAt).toEqual([leavesAt]);
      // The first call's second is full: the next call waits for the one after it.
      expect(next.admittedAt).toEqual([]);
      await jest.advanceTimersByTimeAsync(1000);
      expect(next.admittedAt).toEqual([nextLeavesAt]);
    },
  );

  it('makes a call from the last 50 ms wait when other instances filled the next second meanwhile', async () => {
    // 960 is in the last 50 ms: the call takes second 0, then finds second 1 full.
    create({ perSecond: 1 }, 960);
    whenCountingSecondOne(async (count) => {
      await count();
      return count();
    });

    const { admittedAt } = acquireMany(1);
    await jest.advanceTimersByTimeAsync(0);

    expect(admittedAt).toEqual([]);
    await jest.advanceTimersByTimeAsync(1040);
    expect(admittedAt).toEqual([at(2000)]);
  });

  it.each([
    ['950 ms (the first of the last 50): it takes a slot in the next second too', 950, at(2000)],
    ['949 ms (the last before them): it takes none in the next second', 949, at(1000)],
  ])('counts a call at %s', async (_, startMs, nextAdmittedAt) => {
    create({ perSecond: 1 }, startMs);

    const early = acquireMany(1);
    await jest.advanceTimersByTimeAsync(0);
    expect(early.admittedAt).toEqual([at(startMs)]);

    await jest.advanceTimersByTimeAsync(1000 - startMs);
    const next = acquireMany(1);
    await jest.advanceTimersByTimeAsync(1000);
    expect(next.admittedAt).toEqual([nextAdmittedAt]);
  });

  it('counts a clock second as one budget, however its calls are spread over it', async () => {
    create({ perSecond: 2 });

    const early = acquireMany(2);
    await jest.advanceTimersByTimeAsync(10);
    const late = acquireMany(1);
    await jest.advanceTimersByTimeAsync(0);

    expect(early.admittedAt).toEqual([at(100), at(100)]);
    expect(late.admittedAt).toEqual([]);
    await jest.advanceTimersByTimeAsync(900);
    expect(late.admittedAt).toEqual([at(1000)]);
  });

  it('fails a queued call whose wait outlasts maxWaitMs, and gives its place to the calls after it', async () => {
    create({ perSecond: 2, maxWaitMs: 500 });

    const admitted = acquireMany(2);
    await jest.advanceTimersByTimeAsync(0);
    expect(admitted.admittedAt).toEqual([at(100), at(100)]);
    // The second is full; the queue is empty, so these expect no wait, yet must wait 900 ms.
    const waiting = acquireMany(2);
    await jest.advanceTimersByTimeAsync(499);
    expect(waiting.admittedAt).toEqual([]);
    await jest.advanceTimersByTimeAsync(1);
    const outcomes = await Promise.all(waiting.outcomes);
    expect(outcomes).toEqual([
      expect.objectContaining({ code: 'rateLimited', api: 'SendByApp', retryAfterMs: 0 }),
      expect.objectContaining({ code: 'rateLimited', api: 'SendByApp', retryAfterMs: 0 }),
    ]);
    expect((outcomes[0] as Error).message).toMatch(/would wait about 500 ms .* allowed 500 ms/);

    // The two that gave up no longer hold the next second's two places.
    const later = acquireMany(2);
    await jest.advanceTimersByTimeAsync(400);
    expect(later.admittedAt).toEqual([at(1000), at(1000)]);
  });

  it('fails at once, with the expected wait, when a call would wait longer than maxWaitMs', async () => {
    create({ perSecond: 5, maxWaitMs: 1000 });

    // Ten waiting fill this second and the next: an eleventh would wait two seconds.
    const { outcomes } = acquireMany(10);
    const error = await limiter.acquire('SendByApp').catch((e: unknown) => e);

    expect(error).toBeInstanceOf(DingTalkRateLimitError);
    expect(error).toMatchObject({ code: 'rateLimited', retryAfterMs: 2000, api: 'SendByApp' });
    expect((error as Error).message).toMatch(/would wait about 2000 ms/);
    await jest.advanceTimersByTimeAsync(3000);
    await expect(Promise.all(outcomes)).resolves.not.toContainEqual(expect.any(Error));
  });

  it('fails at once when the queue is full', async () => {
    create({ perSecond: 5, maxQueueLength: 3 });

    acquireMany(3);
    const error = await limiter.acquire('SendByApp').catch((e: unknown) => e);

    expect(error).toBeInstanceOf(DingTalkRateLimitError);
    expect((error as Error).message).toMatch(/Too many SendByApp calls are waiting/);
  });

  it('rejects calls still waiting when the application shuts down, instead of dropping them', async () => {
    create({ perSecond: 1 });
    const { outcomes } = acquireMany(3);
    await jest.advanceTimersByTimeAsync(0);

    limiter.onApplicationShutdown();

    const results = await Promise.all(outcomes);
    expect(results.filter((result) => result instanceof Error)).toEqual([
      expect.objectContaining({ code: 'shuttingDown' }),
      expect.objectContaining({ code: 'shuttingDown' }),
    ]);
  });

  it('refuses calls made after the application shut down', async () => {
    create({ perSecond: 5 });
    limiter.onApplicationShutdown();

    await expect(limiter.acquire('SendByApp')).rejects.toMatchObject({ code: 'shuttingDown' });
  });
});
