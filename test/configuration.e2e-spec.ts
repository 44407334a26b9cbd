import { createApp } from '../src/app.factory';
import { bootstrap, type RunningApp } from '../src/app.bootstrap';
import { validateEnv } from '../src/config/env.validation';
import { DINGTALK_CONNECTION } from '../src/dingtalk-connection/dingtalk-connection.constants';
import type { DingTalkConnection } from '../src/dingtalk-connection/dingtalk-connection.interface';
import { CapturingLogger } from './support/capturing.logger';
import { TEST_API_KEY } from './support/sample-app.test-helper';

const REAL = {
  DINGTALK_APP_KEY: 'ding-app-key',
  DINGTALK_APP_SECRET: 'very-secret-app-secret',
  API_KEYS: TEST_API_KEY,
};

describe('configuration from the environment', () => {
  it('applies the documented defaults', () => {
    const config = validateEnv(REAL);

    expect(config).toMatchObject({
      port: 3000,
      dingTalkBaseUrl: 'https://api.dingtalk.com',
      dingTalkTimeoutMs: undefined,
      apiKeys: [TEST_API_KEY],
      redisUrl: undefined,
      throttle: { limit: 6000, ttlMs: 60_000 },
      logLevels: ['log', 'warn', 'error', 'fatal'],
      dingTalkRateMaxWaitMs: undefined,
      dingTalkMaxRetries: undefined,
      trustProxy: false,
    });
  });

  it('reads HTTP_ADAPTER: Express by default, or Fastify, and no other platform', () => {
    expect(validateEnv(REAL).httpAdapter).toBe('express');
    expect(validateEnv({ ...REAL, HTTP_ADAPTER: 'fastify' }).httpAdapter).toBe('fastify');
    const attempt = () => validateEnv({ ...REAL, HTTP_ADAPTER: 'koa' });
    expect(attempt).toThrow(/HTTP_ADAPTER must be one of the following values: express, fastify/);
    expect(attempt).not.toThrow(/koa/);
  });

  it('names every bad variable at once, without repeating a value', () => {
    const attempt = () =>
      validateEnv({
        ...REAL,
        DINGTALK_APP_SECRET: 'secret with spaces',
        PORT: 'eighty',
        DINGTALK_TIMEOUT_MS: '0',
        DINGTALK_API_BASE_URL: 'ftp://example.com',
        REDIS_URL: 'localhost:6379',
        LOG_LEVEL: 'loud',
        DINGTALK_RETRY_MAX: '-1',
        DINGTALK_RATE_LIMIT_MAX_WAIT_MS: 'soon',
        TRUST_PROXY: 'proxy.internal',
      });

    expect(attempt).toThrow(/DINGTALK_APP_SECRET must not contain white space/);
    expect(attempt).toThrow(/PORT must be a whole number written in digits 0-9/);
    expect(attempt).toThrow(/DINGTALK_TIMEOUT_MS must not be less than 1/);
    expect(attempt).toThrow(/DINGTALK_API_BASE_URL must be an http/);
    expect(attempt).toThrow(/REDIS_URL must be a redis/);
    expect(attempt).toThrow(/LOG_LEVEL must be one of/);
    expect(attempt).toThrow(/DINGTALK_RETRY_MAX must be a whole number written in digits 0-9/);
    expect(attempt).toThrow(
      /DINGTALK_RATE_LIMIT_MAX_WAIT_MS must be a whole number written in digits 0-9/,
    );
    expect(attempt).toThrow(/TRUST_PROXY must be true, false, a number of proxy hops/);
    expect(attempt).not.toThrow(
      /secret with spaces|eighty|ftp:|localhost:6379|loud|soon|proxy\.internal/,
    );
  });

  it('reports each bad variable once: its first broken rule, nothing derived from it', () => {
    const problemLines = (env: Record<string, string | undefined>): string[] => {
      try {
        validateEnv(env);
      } catch (error) {
        return (error as Error).message
          .split('\n')
          .filter((line) => line.startsWith('  - '))
          .map((line) => line.slice(4));
      }
      throw new Error('validateEnv accepted the environment');
    };
    const linesOf = (lines: string[], variable: string) =>
      lines.filter((line) => new RegExp(`^${variable}\\b`).test(line));

    const lines = problemLines({
      ...REAL,
      API_KEYS: undefined,
      API_KEY_POLICIES: `${TEST_API_KEY}:union-alice`,
      PORT: 'abc',
      DINGTALK_TIMEOUT_MS: 'soon',
      DINGTALK_RATE_LIMIT_PER_SECOND: '-2.5',
      THROTTLE_LIMIT: 'many',
      SHUTDOWN_TIMEOUT_MS: '1.5',
      LOG_LEVEL: 'loud',
    });

    expect(lines).toEqual([
      'PORT must be a whole number written in digits 0-9',
      'DINGTALK_TIMEOUT_MS must be a whole number written in digits 0-9',
      'DINGTALK_RATE_LIMIT_PER_SECOND must be a whole number written in digits 0-9',
      'LOG_LEVEL must be one of the following values: verbose, debug, log, warn, error, fatal',
      'THROTTLE_LIMIT must be a whole number written in digits 0-9',
      'SHUTDOWN_TIMEOUT_MS must be a whole number written in digits 0-9',
      expect.stringMatching(/^API_KEYS is required when DINGTALK_APP_KEY is set/),
    ]);
    expect(linesOf(problemLines({ ...REAL, PORT: '70000' }), 'PORT')).toEqual([
      'PORT must not be greater than 65535',
    ]);
    expect(linesOf(problemLines({ ...REAL, API_KEYS: 'short-1,short-2,' }), 'API_KEYS')).toEqual([
      'API_KEYS: key 1 is shorter than 16 characters',
    ]);
    expect(
      linesOf(problemLines({ ...REAL, API_KEY_POLICIES: 'a,b:union-alice' }), 'API_KEY_POLICIES'),
    ).toEqual(['API_KEY_POLICIES: entry 1 must look like <api key>:<unionId>|<unionId>']);
    expect(problemLines({ NODE_ENV: 'production', DINGTALK_APP_SECRET: 'x' })).toEqual([
      'DINGTALK_APP_SECRET is set but DINGTALK_APP_KEY is not',
      expect.stringMatching(/^DINGTALK_APP_KEY and DINGTALK_APP_SECRET are required when NODE_ENV/),
    ]);
  });

  it('reads TRUST_PROXY as Express reads trust proxy: on, off, hops, or addresses', () => {
    const trustProxy = (value: string) => validateEnv({ ...REAL, TRUST_PROXY: value }).trustProxy;

    expect(trustProxy('true')).toBe(true);
    expect(trustProxy('false')).toBe(false);
    expect(trustProxy('2')).toBe(2);
    expect(trustProxy('loopback, 10.0.0.0/8,fd00::/8')).toEqual([
      'loopback',
      '10.0.0.0/8',
      'fd00::/8',
    ]);
    expect(() => trustProxy('10.0.0.0/33')).toThrow(/TRUST_PROXY must be/);
    expect(() => trustProxy('10.0.0.1,')).toThrow(/TRUST_PROXY must be/);
  });

  it('refuses real mode without API_KEYS', () => {
    expect(() => validateEnv({ ...REAL, API_KEYS: undefined })).toThrow(
      /API_KEYS is required when DINGTALK_APP_KEY is set/,
    );
  });

  it('refuses a key without its secret, and a secret without its key', () => {
    expect(() => validateEnv({ ...REAL, DINGTALK_APP_SECRET: '' })).toThrow(
      /DINGTALK_APP_SECRET is required when DINGTALK_APP_KEY is set/,
    );
    expect(() => validateEnv({ DINGTALK_APP_SECRET: 'x' })).toThrow(
      /DINGTALK_APP_SECRET is set but DINGTALK_APP_KEY is not/,
    );
  });

  it('refuses short API keys and names them by position only', () => {
    const attempt = () => validateEnv({ ...REAL, API_KEYS: `${TEST_API_KEY},short-key` });

    expect(attempt).toThrow(/API_KEYS: key 2 is shorter than 16 characters/);
    expect(attempt).not.toThrow(/short-key/);
  });

  it('reads API_KEY_POLICIES by key, keeping only key ids', () => {
    const other = 'other-key-0123456789abcdef';
    const config = validateEnv({
      ...REAL,
      API_KEYS: `${TEST_API_KEY},${other}`,
      API_KEY_POLICIES: `${other}:union-alice|union-bob`,
    });

    expect(config.apiKeyPolicies).toEqual({ 'key-2': ['union-alice', 'union-bob'] });
    expect(() =>
      validateEnv({ ...REAL, API_KEY_POLICIES: 'not-a-listed-key-123:union-alice' }),
    ).toThrow(/API_KEY_POLICIES: entry 1 names a key that is not in API_KEYS/);
    expect(() => validateEnv({ ...REAL, API_KEY_POLICIES: `${TEST_API_KEY}` })).toThrow(
      /entry 1 must look like/,
    );
  });

  it('treats empty variables as unset, as copied from .env.example', () => {
    const config = validateEnv({ ...REAL, PORT: '', REDIS_URL: '', LOG_LEVEL: '' });

    expect(config.port).toBe(3000);
    expect(config.redisUrl).toBeUndefined();
  });

  it('refuses to start with NODE_ENV=production and no DingTalk credentials', async () => {
    await expect(createApp({ NODE_ENV: 'production' })).rejects.toThrow(
      'DINGTALK_APP_KEY and DINGTALK_APP_SECRET are required when NODE_ENV=production',
    );
  });
});

describe('sandbox mode (no DINGTALK_APP_KEY)', () => {
  let running: RunningApp | undefined;
  let printed: string;

  afterEach(async () => {
    await running?.app.close();
    running = undefined;
  });

  async function start(env: Record<string, string> = {}) {
    printed = '';
    running = await bootstrap(
      { PORT: '0', HOST: '127.0.0.1', ...env },
      { logger: new CapturingLogger(), print: (text) => (printed += text) },
    );
    return running;
  }

  it('starts the sandbox and prints a curl example that succeeds as printed', async () => {
    const { sandbox, url } = await start();

    expect(printed).toContain('SANDBOX MODE');
    expect(printed).toContain(`Sandbox:  ${sandbox!.url}`);
    expect(printed).toContain('API key:  sandbox-key');
    const curl = /curl -sS -X POST '([^']+)' -H '([^']+)' -H '([^']+)' -d '([^']+)'/.exec(printed);
    expect(curl).not.toBeNull();
    const [, target, ...rest] = curl!;
    const body = rest.pop()!;
    const headers = Object.fromEntries(
      rest.map((header) => header.split(': ') as [string, string]),
    );
    expect(target.startsWith(url)).toBe(true);

    const response = await fetch(target, { method: 'POST', headers, body });

    expect(response.status).toBe(200);
    expect(((await response.json()) as { file: { id: string } }).file.id).toBe('dentry-report');
    expect(sandbox!.deliveries()).toEqual([
      expect.objectContaining({ api: 'SendByApp', unionId: 'union-alice' }),
    ]);
  });

  it('accepts only the sandbox key when API_KEYS is unset', async () => {
    const { url } = await start();

    const response = await fetch(
      `${url}/v1.0/convFile/conversations/spaces/query?unionId=union-alice`,
      {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-api-key': 'another-key-0123456789' },
        body: JSON.stringify({ openConversationId: 'cid-project-group' }),
      },
    );

    expect(response.status).toBe(401);
  });

  it('never prints keys of API_KEYS, and its curl reads the key from $API_KEY', async () => {
    await start({ API_KEYS: TEST_API_KEY });

    expect(printed).not.toContain(TEST_API_KEY);
    expect(printed).not.toContain('sandbox-key');
    expect(printed).toContain('"x-api-key: $API_KEY"');
  });

  it("gets the sandbox from the app's DINGTALK_CONNECTION provider, which points the module at it", async () => {
    const { app, sandbox } = await start();
    const connection = app.get<DingTalkConnection>(DINGTALK_CONNECTION);

    expect(connection.sandbox).toBeDefined();
    expect(connection.sandbox).toBe(sandbox);
    expect(connection).toMatchObject({ appKey: 'sandbox-app-key', baseUrl: sandbox!.url });
    expect(printed).toContain(`Sandbox:  ${connection.sandbox!.url}`);
  });

  it('closes the sandbox with the app', async () => {
    const { app, sandbox } = await start();
    await app.close();
    running = undefined;

    await expect(fetch(`${sandbox!.url}/__sandbox/stats`)).rejects.toThrow();
  });

  it('starts no sandbox when DINGTALK_APP_KEY is set', async () => {
    const handle = await createApp(REAL, { logger: new CapturingLogger() });
    try {
      expect(handle.sandbox).toBeUndefined();
      expect(handle.app.get(DINGTALK_CONNECTION)).toEqual({
        appKey: 'ding-app-key',
        appSecret: 'very-secret-app-secret',
        baseUrl: 'https://api.dingtalk.com',
        timeoutMs: undefined,
      });
    } finally {
      await handle.app.close();
    }
  });
});
