import 'reflect-metadata';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { validateEnv } from './env.validation';

const KEY = 'first-key-0123456789';
const REAL = { DINGTALK_APP_KEY: 'ding-app-key', DINGTALK_APP_SECRET: 'app-secret', API_KEYS: KEY };

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');

/** The problem lines of validateEnv's error, or a failure if it accepted `env`. */
const problemsOf = (env: Record<string, string | undefined>): string[] => {
  try {
    validateEnv(env);
  } catch (error) {
    const [heading, ...lines] = (error as Error).message.split('\n');
    expect(heading).toBe('Invalid environment; fix these variables and start again:');
    return lines.map((line) => line.replace(/^ {2}- /, ''));
  }
  throw new Error('validateEnv accepted the environment');
};

describe('validateEnv', () => {
  it('applies every default in sandbox mode (nothing set): the sandbox key, undici, log level log', () => {
    expect(validateEnv({})).toEqual({
      production: false,
      port: 3000,
      host: undefined,
      logLevels: ['log', 'warn', 'error', 'fatal'],
      dingTalkCredentials: undefined,
      dingTalkApps: undefined,
      apiKeyApps: {},
      dingTalkBaseUrl: 'https://api.dingtalk.com',
      dingTalkTimeoutMs: undefined,
      dingTalkRatePerSecond: undefined,
      dingTalkRateMaxWaitMs: undefined,
      dingTalkMaxRetries: undefined,
      dingTalkHttpClient: 'undici',
      apiKeys: ['sandbox-key'],
      usingSandboxApiKey: true,
      apiKeyPolicies: {},
      redisUrl: undefined,
      throttle: { limit: 6000, ttlMs: 60_000 },
      shutdownTimeoutMs: 30_000,
      trustProxy: false,
      httpAdapter: 'express',
      redisKeyPrefix: undefined,
      batchConcurrency: undefined,
      batchStalledMs: undefined,
      logFormat: 'text',
      metrics: undefined,
      docsEnabled: true,
    });
  });

  it('reads every variable it knows', () => {
    expect(
      validateEnv({
        ...REAL,
        NODE_ENV: 'production',
        PORT: '0',
        HOST: '127.0.0.1',
        LOG_LEVEL: 'verbose',
        DINGTALK_API_BASE_URL: 'http://dingtalk.internal:8080/base//',
        DINGTALK_TIMEOUT_MS: '1',
        DINGTALK_RATE_LIMIT_PER_SECOND: '1',
        DINGTALK_RATE_LIMIT_MAX_WAIT_MS: '0',
        DINGTALK_RETRY_MAX: '0',
        DINGTALK_HTTP_CLIENT: 'axios',
        REDIS_URL: 'rediss://cache:6380/2',
        THROTTLE_LIMIT: '1',
        THROTTLE_TTL_MS: '1',
        SHUTDOWN_TIMEOUT_MS: '0',
        TRUST_PROXY: 'loopback',
        API_KEY_POLICIES: `${KEY}:union-alice`,
        HTTP_ADAPTER: 'fastify',
        REDIS_KEY_PREFIX: 'acme:',
        BATCH_CONCURRENCY: '5',
        BATCH_STALLED_MS: '1000',
        LOG_FORMAT: 'json',
        METRICS_TOKEN: 'metrics-token-0123456789',
        METRICS_PORT: '9464',
        DOCS_ENABLED: 'true',
      }),
    ).toEqual({
      production: true,
      port: 0,
      host: '127.0.0.1',
      logLevels: ['verbose', 'debug', 'log', 'warn', 'error', 'fatal'],
      dingTalkCredentials: { appKey: 'ding-app-key', appSecret: 'app-secret' },
      dingTalkApps: undefined,
      apiKeyApps: {},
      dingTalkBaseUrl: 'http://dingtalk.internal:8080/base',
      dingTalkTimeoutMs: 1,
      dingTalkRatePerSecond: 1,
      dingTalkRateMaxWaitMs: 0,
      dingTalkMaxRetries: 0,
      dingTalkHttpClient: 'axios',
      apiKeys: [KEY],
      usingSandboxApiKey: false,
      apiKeyPolicies: { 'key-1': ['union-alice'] },
      redisUrl: 'rediss://cache:6380/2',
      throttle: { limit: 1, ttlMs: 1 },
      shutdownTimeoutMs: 0,
      trustProxy: ['loopback'],
      httpAdapter: 'fastify',
      redisKeyPrefix: 'acme:',
      batchConcurrency: 5,
      batchStalledMs: 1000,
      logFormat: 'json',
      metrics: { token: 'metrics-token-0123456789', port: 9464 },
      docsEnabled: true,
    });
  });

  it('prints LOG_LEVEL and the levels above it only', () => {
    expect(validateEnv({ LOG_LEVEL: 'error' }).logLevels).toEqual(['error', 'fatal']);
    expect(validateEnv({ LOG_LEVEL: 'fatal' }).logLevels).toEqual(['fatal']);
  });

  it('treats empty and blank variables as unset', () => {
    expect(validateEnv({ PORT: '', DINGTALK_APP_KEY: '  ', API_KEYS: '' })).toMatchObject({
      port: 3000,
      dingTalkCredentials: undefined,
      apiKeys: ['sandbox-key'],
      usingSandboxApiKey: true,
    });
  });

  it('uses API_KEYS instead of the sandbox key in sandbox mode when it is set', () => {
    expect(validateEnv({ API_KEYS: KEY })).toMatchObject({
      apiKeys: [KEY],
      usingSandboxApiKey: false,
    });
  });

  it.each([
    ['PORT', '65536', 'PORT must not be greater than 65535'],
    ['PORT', '-1', 'PORT must be a whole number written in digits 0-9'],
    ['PORT', '80.5', 'PORT must be a whole number written in digits 0-9'],
    ['HOST', 'local host', 'HOST must not contain white space'],
    ['DINGTALK_API_BASE_URL', 'https://user@dingtalk.com', 'DINGTALK_API_BASE_URL must be an'],
    ['DINGTALK_API_BASE_URL', 'https://dingtalk.com?x=1', 'DINGTALK_API_BASE_URL must be an'],
    ['DINGTALK_API_BASE_URL', 'dingtalk.com', 'DINGTALK_API_BASE_URL must be an'],
    ['DINGTALK_TIMEOUT_MS', '0', 'DINGTALK_TIMEOUT_MS must not be less than 1'],
    [
      'DINGTALK_RATE_LIMIT_PER_SECOND',
      '0',
      'DINGTALK_RATE_LIMIT_PER_SECOND must not be less than 1',
    ],
    ['DINGTALK_RATE_LIMIT_MAX_WAIT_MS', '-1', 'DINGTALK_RATE_LIMIT_MAX_WAIT_MS must be a whole'],
    ['DINGTALK_RETRY_MAX', '1.5', 'DINGTALK_RETRY_MAX must be a whole number'],
    ['DINGTALK_HTTP_CLIENT', 'fetch', 'DINGTALK_HTTP_CLIENT must be one of the following values'],
    ['REDIS_URL', 'rediss://cache host', 'REDIS_URL must be a redis:// or rediss:// URL'],
    ['REDIS_URL', 'http://cache:6379', 'REDIS_URL must be a redis:// or rediss:// URL'],
    ['THROTTLE_LIMIT', '0', 'THROTTLE_LIMIT must not be less than 1'],
    ['THROTTLE_TTL_MS', '0', 'THROTTLE_TTL_MS must not be less than 1'],
    ['SHUTDOWN_TIMEOUT_MS', '-1', 'SHUTDOWN_TIMEOUT_MS must be a whole number'],
    ['TRUST_PROXY', 'proxy.internal', 'TRUST_PROXY must be true, false'],
    ['API_KEYS', 'tiny-key', 'API_KEYS: key 1 is shorter than 16 characters'],
    ['API_KEY_POLICIES', 'no-colon', 'API_KEY_POLICIES: entry 1 must look like'],
    ['API_KEY_APPS', `${KEY}:main`, 'API_KEY_APPS: entry 1 names an app that is not in'],
  ])('refuses %s=%s with its one problem, without the value', (variable, value, problem) => {
    const problems = problemsOf({ ...REAL, [variable]: value });

    expect(problems).toEqual([expect.stringContaining(problem)]);
    expect(problems[0].startsWith(problem)).toBe(true);
    expect(problems[0]).not.toContain(value);
  });

  it.each([
    [
      'a secret with white space and without its key',
      { DINGTALK_APP_SECRET: 'app secret' },
      'DINGTALK_APP_SECRET must not contain white space',
    ],
    [
      'an apps file with DINGTALK_APP_KEY, that cannot be read either',
      { ...REAL, DINGTALK_APPS_FILE: '/nonexistent/apps.json' },
      'DINGTALK_APPS_FILE cannot be combined with DINGTALK_APP_KEY/DINGTALK_APP_SECRET',
    ],
    ['two bad keys', { ...REAL, API_KEYS: 'short-1,short-2' }, 'API_KEYS: key 1 is shorter'],
    [
      'two bad policies',
      { ...REAL, API_KEY_POLICIES: 'a,b' },
      'API_KEY_POLICIES: entry 1 must look like',
    ],
    ['two bad bindings', { ...REAL, API_KEY_APPS: 'a|b' }, 'API_KEY_APPS: entry 1 must look like'],
  ])('reports one problem for %s: the first of that variable', (_case, env, problem) => {
    expect(problemsOf(env)).toEqual([expect.stringMatching(new RegExp(`^${escape(problem)}`))]);
  });

  it('reports the first rule a variable breaks, when it breaks several (PORT=abc is no integer, nor in range)', () => {
    expect(problemsOf({ PORT: 'abc' })).toEqual([
      'PORT must be a whole number written in digits 0-9',
    ]);
  });

  type Read = (config: ReturnType<typeof validateEnv>) => number | undefined;
  const NUMBERS: [string, number, number, Read][] = [
    ['PORT', 0, 65535, (c) => c.port],
    ['METRICS_PORT', 0, 65535, (c) => c.metrics?.port],
    ['DINGTALK_TIMEOUT_MS', 1, 2_147_483_647, (c) => c.dingTalkTimeoutMs],
    ['DINGTALK_RATE_LIMIT_PER_SECOND', 1, 2_147_483_647, (c) => c.dingTalkRatePerSecond],
    ['DINGTALK_RATE_LIMIT_MAX_WAIT_MS', 0, 2_147_483_647, (c) => c.dingTalkRateMaxWaitMs],
    ['DINGTALK_RETRY_MAX', 0, 2_147_483_647, (c) => c.dingTalkMaxRetries],
    ['BATCH_CONCURRENCY', 1, 1000, (c) => c.batchConcurrency],
    ['BATCH_STALLED_MS', 1000, 2_147_483_647, (c) => c.batchStalledMs],
    ['THROTTLE_LIMIT', 1, 2_147_483_647, (c) => c.throttle.limit],
    ['THROTTLE_TTL_MS', 1, 2_147_483_647, (c) => c.throttle.ttlMs],
    ['SHUTDOWN_TIMEOUT_MS', 0, 2_147_483_647, (c) => c.shutdownTimeoutMs],
  ];

  // Number() reads all of these as a number; a variable holding one is a typo or a surprise.
  it.each(
    NUMBERS.flatMap(([variable]) =>
      [' 80', '80 ', '0x50', '8e1', '+80', '80.0', '0b1', '1_000', 'Infinity', '٨٠'].map(
        (value) => [variable, value] as const,
      ),
    ),
  )('refuses %s=%p: a number only in digits 0-9', (variable, value) => {
    expect(problemsOf({ [variable]: value })).toEqual([
      `${variable} must be a whole number written in digits 0-9`,
    ]);
  });

  it.each(NUMBERS)(
    'reads %s from %p to %p, with leading zeros, and nothing outside',
    (variable, min, max, read) => {
      expect(read(validateEnv({ [variable]: String(min) }))).toBe(min);
      expect(read(validateEnv({ [variable]: String(max) }))).toBe(max);
      expect(read(validateEnv({ [variable]: `00${min}` }))).toBe(min);
      expect(problemsOf({ [variable]: String(max + 1) })).toEqual([
        `${variable} must not be greater than ${max}`,
      ]);
      if (min > 0)
        expect(problemsOf({ [variable]: String(min - 1) })).toEqual([
          `${variable} must not be less than ${min}`,
        ]);
    },
  );

  describe('METRICS_PORT', () => {
    it('refuses the port the API is served on, given or default', () => {
      const sameAs = [
        problemsOf({ METRICS_PORT: '3000' }),
        problemsOf({ PORT: '8080', METRICS_PORT: '8080' }),
      ];

      expect(sameAs).toEqual([
        ['METRICS_PORT must differ from PORT: the metrics port is served without auth'],
        ['METRICS_PORT must differ from PORT: the metrics port is served without auth'],
      ]);
    });

    it('reports only its first problem when it is both out of range and the same as PORT', () => {
      expect(problemsOf({ PORT: '70000', METRICS_PORT: '70000' })).toEqual([
        'PORT must not be greater than 65535',
        'METRICS_PORT must not be greater than 65535',
      ]);
      expect(problemsOf({ PORT: '1.5', METRICS_PORT: '1.5' })).toEqual([
        'PORT must be a whole number written in digits 0-9',
        'METRICS_PORT must be a whole number written in digits 0-9',
      ]);
    });

    it('accepts 3000 when PORT moved the API elsewhere, and 0 (a free port) for both', () => {
      expect(validateEnv({ PORT: '8080', METRICS_PORT: '3000' }).metrics).toEqual({
        token: undefined,
        port: 3000,
      });
      expect(validateEnv({ PORT: '0', METRICS_PORT: '0' }).metrics).toEqual({
        token: undefined,
        port: 0,
      });
    });

    it('turns metrics on alone or with METRICS_TOKEN; METRICS_TOKEN alone serves them on the API port', () => {
      expect(validateEnv({ METRICS_PORT: '9464' }).metrics).toEqual({
        token: undefined,
        port: 9464,
      });
      expect(validateEnv({ METRICS_TOKEN: 'metrics-token-0123456789' }).metrics).toEqual({
        token: 'metrics-token-0123456789',
        port: undefined,
      });
      expect(validateEnv({}).metrics).toBeUndefined();
    });
  });

  it.each([
    ['unset, outside production', {}, true],
    ['unset, in production', { ...REAL, NODE_ENV: 'production' }, false],
    ['true, in production', { ...REAL, NODE_ENV: 'production', DOCS_ENABLED: 'true' }, true],
    ['false, outside production', { DOCS_ENABLED: 'false' }, false],
  ])('serves the API docs by DOCS_ENABLED: %s', (_case, env, enabled) => {
    expect(validateEnv(env).docsEnabled).toBe(enabled);
  });

  it('refuses a key without its secret, and a secret without its key', () => {
    expect(problemsOf({ ...REAL, DINGTALK_APP_SECRET: undefined })).toEqual([
      'DINGTALK_APP_SECRET is required when DINGTALK_APP_KEY is set',
    ]);
    expect(problemsOf({ DINGTALK_APP_SECRET: 'app-secret' })).toEqual([
      'DINGTALK_APP_SECRET is set but DINGTALK_APP_KEY is not',
    ]);
  });

  it('refuses real mode without API_KEYS, and sandbox mode in production', () => {
    expect(problemsOf({ ...REAL, API_KEYS: undefined })).toEqual([
      expect.stringMatching(/^API_KEYS is required when DINGTALK_APP_KEY is set/),
    ]);
    expect(problemsOf({ NODE_ENV: 'production' })).toEqual([
      expect.stringMatching(/^DINGTALK_APP_KEY and DINGTALK_APP_SECRET are required when NODE_ENV/),
    ]);
  });

  it('refuses API_KEY_POLICIES without API_KEYS in sandbox mode, where only the sandbox key exists', () => {
    expect(problemsOf({ API_KEY_POLICIES: 'sandbox-key:union-alice' })).toEqual([
      'API_KEY_POLICIES is set but API_KEYS is not',
    ]);
  });

  it('ignores API_KEY_POLICIES and API_KEY_APPS while API_KEYS is missing: that is the one problem', () => {
    expect(
      problemsOf({ ...REAL, API_KEYS: undefined, API_KEY_POLICIES: 'x', API_KEY_APPS: 'y' }),
    ).toEqual([expect.stringMatching(/^API_KEYS is required/)]);
  });

  describe('with DINGTALK_APPS_FILE', () => {
    let dir: string;
    let file: string;

    beforeAll(() => {
      dir = mkdtempSync(join(tmpdir(), 'env-apps-'));
      file = join(dir, 'apps.json');
      writeFileSync(
        file,
        JSON.stringify({
          defaultApp: 'main',
          apps: { main: { appKey: 'k', appSecret: { env: 'S' } } },
        }),
      );
    });

    afterAll(() => rmSync(dir, { recursive: true, force: true }));

    it('reads the apps, with secrets from the environment, and binds keys to them', () => {
      const config = validateEnv({
        DINGTALK_APPS_FILE: file,
        S: 'from-env',
        API_KEYS: KEY,
        API_KEY_APPS: `${KEY}:main:ding-corp`,
      });

      expect(config).toMatchObject({
        dingTalkCredentials: undefined,
        dingTalkApps: {
          defaultApp: 'main',
          apps: { main: { appKey: 'k', appSecret: 'from-env' } },
        },
        apiKeyApps: { 'key-1': { app: 'main', corpId: 'ding-corp' } },
        usingSandboxApiKey: false,
        apiKeys: [KEY],
      });
    });

    it('is real mode: API_KEYS is required, and so is its secret variable', () => {
      expect(problemsOf({ DINGTALK_APPS_FILE: file })).toEqual([
        'DINGTALK_APPS_FILE: apps.main.appSecret names the variable S, which is not set',
        expect.stringMatching(/^API_KEYS is required/),
      ]);
    });

    it('cannot be combined with DINGTALK_APP_KEY', () => {
      expect(problemsOf({ ...REAL, DINGTALK_APPS_FILE: file, S: 'x' })).toEqual([
        'DINGTALK_APPS_FILE cannot be combined with DINGTALK_APP_KEY/DINGTALK_APP_SECRET',
      ]);
    });

    it('satisfies production without DINGTALK_APP_KEY', () => {
      expect(
        validateEnv({ NODE_ENV: 'production', DINGTALK_APPS_FILE: file, S: 'x', API_KEYS: KEY })
          .production,
      ).toBe(true);
    });
  });
});
