import { recordNestLogs } from '../../testing/nest-log.test-helper';
import { RedisRelay } from '../../testing/redis-relay.test-helper';
import { SHARED_REDIS_URL } from '../../testing/shared-redis.test-helper';
import { DingTalkRedisConnection } from './dingtalk-redis.connection';

/** What the connection logs, with the context it logs under; `next(level)` waits for a line. */
class LogCapture {
  private waiters: Array<{ level: string; resolve: (message: string) => void }> = [];
  private readonly recorder = recordNestLogs(({ level, message }) => {
    for (const waiter of this.waiters.filter((w) => w.level === level)) waiter.resolve(message);
    this.waiters = this.waiters.filter((w) => w.level !== level);
  });
  readonly lines = this.recorder.lines;

  restore(): void {
    this.recorder.restore();
  }

  next(level: 'log' | 'warn'): Promise<string> {
    return new Promise((resolve) => this.waiters.push({ level, resolve }));
  }

  of(level: string): string[] {
    return this.lines.filter((line) => line.level === level).map((line) => line.message);
  }
}

const UNAVAILABLE = /^Redis is unreachable \(/;
const RECOVERED = 'Redis is reachable again; DingTalk rate limits and tokens are shared again';

describe('DingTalkRedisConnection', () => {
  let logs: LogCapture;
  const opened: DingTalkRedisConnection[] = [];

  async function open(url = SHARED_REDIS_URL): Promise<DingTalkRedisConnection> {
    const connection = await DingTalkRedisConnection.open(url, 'prefix:');
    opened.push(connection);
    return connection;
  }

  beforeEach(() => {
    logs = new LogCapture();
  });

  afterEach(() => {
    for (const connection of opened.splice(0)) connection.onApplicationShutdown();
    logs.restore();
  });

  it('opens a client that refuses commands at once while Redis is down, with a bounded connect and backoff', async () => {
    const { client, keyPrefix } = await open();
    const options = client.options;
    const reconnect = options.socket?.reconnectStrategy as (retries: number) => number;

    expect(keyPrefix).toBe('prefix:');
    expect(options).toMatchObject({ disableOfflineQueue: true, pingInterval: 5000 });
    expect(options.socket).toMatchObject({ connectTimeout: 2000 });
    expect([0, 1, 3, 4, 5, 20].map(reconnect)).toEqual([100, 200, 800, 1600, 2000, 2000]);
  });

  describe('its log, under the context DingTalkRedis', () => {
    it('logs the first failure of an outage only, with URLs (which may hold a password) redacted', async () => {
      const connection = await open();

      connection.reportOutage('connect to redis://user:s3cret@cache:6379 and rediss://h:1 failed');
      connection.reportOutage('another failure');

      expect(logs.lines).toEqual([
        {
          level: 'warn',
          message:
            "Redis is unreachable (connect to redis://… and redis://… failed); DingTalk rate limits and tokens fall back to this instance's memory until it is back",
          context: 'DingTalkRedis',
        },
      ]);
    });

    it('logs the recovery once, and only after an outage', async () => {
      const connection = await open();

      connection.reportRecovery();
      expect(logs.lines).toEqual([]);
      connection.reportOutage('down');
      connection.reportRecovery();
      connection.reportRecovery();
      connection.reportOutage('down again');

      expect(logs.lines.map(({ level, message }) => [level, message])).toEqual([
        ['warn', expect.stringMatching(UNAVAILABLE)],
        ['log', RECOVERED],
        ['warn', expect.stringMatching(UNAVAILABLE)],
      ]);
      expect(logs.lines.every((line) => line.context === 'DingTalkRedis')).toBe(true);
    });
  });

  describe('on a Redis that goes away and comes back', () => {
    let relay: RedisRelay;

    beforeEach(async () => {
      relay = await RedisRelay.start();
    });

    afterEach(() => relay.close());

    it('logs the outage when the connection drops, and the recovery when it reconnects', async () => {
      const connection = await open(relay.url);
      await connection.onModuleInit();
      expect(connection.client.isReady).toBe(true);

      const outage = logs.next('warn');
      relay.cut();
      expect(await outage).toMatch(UNAVAILABLE);

      const recovery = logs.next('log');
      relay.restore();
      expect(await recovery).toBe(RECOVERED);
      await expect(connection.run((client) => client.ping())).resolves.toBe('PONG');
    });

    it('starts without Redis when it cannot connect, and logs the outage', async () => {
      relay.cut();
      const connection = await open(relay.url);
      const outage = logs.next('warn');

      await connection.onModuleInit();

      expect(await outage).toMatch(UNAVAILABLE);
      expect(connection.client.isReady).toBe(false);
      await expect(connection.run((client) => client.ping())).resolves.toBeUndefined();
    });
  });

  describe('run', () => {
    it('does not send a command while the client is not ready', async () => {
      const connection = await open();
      const command = jest.fn(() => Promise.resolve('sent'));

      await expect(connection.run(command)).resolves.toBeUndefined();
      expect(command).not.toHaveBeenCalled();
      expect(logs.lines).toEqual([]);
    });

    it('answers undefined for a failing command, logs it, and logs the recovery on the next success', async () => {
      const connection = await open();
      await connection.onModuleInit();

      await expect(
        connection.run(() => Promise.reject(new Error('READONLY at redis://u:p@h:1'))),
      ).resolves.toBeUndefined();
      await expect(connection.run((client) => client.ping())).resolves.toBe('PONG');
      await expect(
        // eslint-disable-next-line @typescript-eslint/prefer-promise-reject-errors -- what is pinned: a rejection that is no Error
        connection.run(() => Promise.reject<string>('not an Error')),
      ).resolves.toBeUndefined();

      expect(logs.lines.map(({ level, message }) => [level, message])).toEqual([
        ['warn', expect.stringContaining('(READONLY at redis://…)')],
        ['log', RECOVERED],
        ['warn', expect.stringContaining('(command failed)')],
      ]);
    });
  });

  describe('onApplicationShutdown', () => {
    it('closes an open client', async () => {
      const connection = await open();
      await connection.onModuleInit();

      connection.onApplicationShutdown();

      expect(connection.client.isOpen).toBe(false);
    });

    it('does nothing to a client that never opened', async () => {
      const connection = await open();

      expect(() => connection.onApplicationShutdown()).not.toThrow();
    });
  });

  describe('without the package @redis/client', () => {
    afterEach(() => jest.dontMock('@redis/client'));

    /** `open` from a fresh copy of the module, in which loading @redis/client throws `error`. */
    function openWhenLoadingFails(error: Error): Promise<unknown> {
      let fresh: typeof DingTalkRedisConnection | undefined;
      jest.isolateModules(() => {
        jest.doMock('@redis/client', () => {
          throw error;
        });
        type Module = typeof import('./dingtalk-redis.connection');
        fresh = jest.requireActual<Module>('./dingtalk-redis.connection').DingTalkRedisConnection;
      });
      return fresh!.open('redis://127.0.0.1:1', 'p:').catch((thrown: unknown) => thrown);
    }
    const notFound = (code: string, message: string) => Object.assign(new Error(message), { code });
    const MISSING =
      'ConvFileModule option redis needs the package @redis/client, which is not installed: npm install @redis/client@^5';

    it.each([
      ['require', 'MODULE_NOT_FOUND', "Cannot find module '@redis/client'"],
      ['import', 'ERR_MODULE_NOT_FOUND', "Cannot find package '@redis/client' imported from x"],
    ])('says which option needs it and how to install it (%s)', async (_how, code, message) => {
      const cause = notFound(code, message);
      const error = await openWhenLoadingFails(cause);

      expect(error).toBeInstanceOf(Error);
      expect(error).toMatchObject({ message: MISSING, cause });
    });

    it.each([
      [
        'a package @redis/client needs is missing',
        notFound('MODULE_NOT_FOUND', "Cannot find module 'cluster-key-slot'"),
      ],
      [
        '@redis/client fails to load for another reason',
        notFound('EACCES', "EACCES: '@redis/client'"),
      ],
      ['@redis/client throws while loading', new SyntaxError('Unexpected token in @redis/client')],
    ])('passes the error on as it is when %s', async (_case, cause) => {
      expect(await openWhenLoadingFails(cause)).toBe(cause);
    });
  });
});
