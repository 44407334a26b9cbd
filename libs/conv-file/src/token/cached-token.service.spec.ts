import { DingTalkApiError } from '../errors/dingtalk-api.error';
import { DingTalkAuthError } from '../errors/dingtalk-auth.error';
import { DingTalkErrorMessages } from '../messages/dingtalk-error.messages';
import type { ConvFileModuleOptions } from '../options/conv-file-module-options.interface';
import { resolveConvFileOptions } from '../options/conv-file-options.resolver';
import type {
  DingTalkTokenStore,
  StoredAccessToken,
} from '../options/dingtalk-token-store.interface';
import { DingTalkRetrier } from '../retry/dingtalk.retrier';
import { ConvFileTelemetry } from '../telemetry/conv-file.telemetry';
import { noTracer } from '../telemetry/dingtalk.tracer';
import { UndiciHttpTransport } from '../transport/undici-http.transport';
import { APP_KEY, APP_SECRET } from '../../testing/conv-file.test-helper';
import { dingTalkError, FakeDingTalk, TOKEN_PATH } from '../../testing/fake-dingtalk.server';
import { AppTokenService } from './app-token.service';
import type { ReleaseLock, TokenFetchLock } from './dingtalk-token.lock';

const START = Date.parse('2026-01-01T00:00:00Z');
const STORE_KEY = `access-token:${APP_KEY}`;
/** The default lifetime (7200 s) less the default refresh margin (5 min). */
const DEFAULT_TTL_MS = 6_900_000;

/**
 * A shared store as a cache holds it: it hands back what it was given until it is deleted, even
 * past the token's `expiresAt` (a cache's TTL runs on the cache's clock, not on this instance's).
 */
class KeptTokenStore implements DingTalkTokenStore {
  readonly entries = new Map<string, StoredAccessToken>();
  readonly ttls = new Map<string, number>();
  reads = 0;

  get(key: string): Promise<StoredAccessToken | undefined> {
    this.reads += 1;
    return Promise.resolve(this.entries.get(key));
  }

  set(key: string, token: StoredAccessToken, ttlMs: number): Promise<void> {
    this.entries.set(key, token);
    this.ttls.set(key, ttlMs);
    return Promise.resolve();
  }

  delete(key: string): Promise<void> {
    this.entries.delete(key);
    return Promise.resolve();
  }
}

/**
 * The fetch lock as other instances hold it: `free(attempt)` says whether the nth attempt
 * (1-based) gets it, and may act meanwhile as the other instance (store a token, move the clock).
 */
class ScriptedFetchLock implements TokenFetchLock {
  readonly attempts: Array<{ name: string; ttlMs: number }> = [];
  releases = 0;
  free: (attempt: number) => boolean = () => true;

  tryAcquire(name: string, ttlMs: number): Promise<ReleaseLock | undefined> {
    this.attempts.push({ name, ttlMs });
    if (!this.free(this.attempts.length)) return Promise.resolve(undefined);
    return Promise.resolve(() => {
      this.releases += 1;
      return Promise.resolve();
    });
  }
}

/** Fakes `Date` only: timers, sockets and the service's lock polling run for real. */
function freezeDate(now: number): void {
  jest.useFakeTimers({
    now,
    doNotFake: [
      'hrtime',
      'nextTick',
      'performance',
      'queueMicrotask',
      'setImmediate',
      'clearImmediate',
      'setInterval',
      'clearInterval',
      'setTimeout',
      'clearTimeout',
    ],
  });
}

describe('CachedTokenService (through AppTokenService, against a fake DingTalk)', () => {
  let fake: FakeDingTalk;
  let store: KeptTokenStore;
  let lock: ScriptedFetchLock;
  let closers: Array<() => Promise<void>>;

  beforeEach(async () => {
    fake = await FakeDingTalk.start();
    store = new KeptTokenStore();
    lock = new ScriptedFetchLock();
    closers = [];
  });

  afterEach(async () => {
    jest.useRealTimers();
    for (const close of closers) await close();
    await fake.close();
  });

  /** One instance's token service, sharing `store` and `lock`; no retries unless asked. */
  function tokenService(options: Partial<ConvFileModuleOptions> = {}): AppTokenService {
    const resolved = resolveConvFileOptions(
      {
        appKey: APP_KEY,
        appSecret: APP_SECRET,
        baseUrl: fake.url,
        rateLimit: false,
        retry: false,
        ...options,
      },
      {},
    );
    const telemetry = new ConvFileTelemetry(undefined, noTracer);
    const transport = new UndiciHttpTransport(resolved);
    const retrier = new DingTalkRetrier(resolved, telemetry);
    closers.push(async () => {
      retrier.onApplicationShutdown();
      await transport.onApplicationShutdown();
    });
    const credentials = resolved.apps.default.tokenSource;
    if (credentials.kind !== 'credentials') throw new Error('credentials expected');
    return new AppTokenService(
      { options: resolved, transport, retrier, store, lock, telemetry },
      'default',
      credentials,
    );
  }

  const tokenRequests = () => fake.requestsTo(TOKEN_PATH).length;
  const share = (accessToken: string, expiresAt = Date.now() + 60_000) =>
    store.entries.set(STORE_KEY, { accessToken, expiresAt });

  describe('the token in memory', () => {
    it('answers a warm call without reading the store or asking DingTalk, even after the store lost it', async () => {
      const tokens = tokenService();
      await expect(tokens.getAccessToken()).resolves.toBe('token-1');
      store.entries.delete(STORE_KEY);
      const readsBefore = store.reads;

      await expect(tokens.getAccessToken()).resolves.toBe('token-1');

      expect(store.reads).toBe(readsBefore);
      expect(tokenRequests()).toBe(1);
    });

    it('is used until its expiresAt (expireIn − margin) and not at it', async () => {
      freezeDate(START);
      fake.on(TOKEN_PATH, (_request, nth) => ({
        json: { accessToken: `token-${nth}`, expireIn: 3600 },
      }));
      const tokens = tokenService({ tokenRefreshMarginMs: 60_000 });
      await expect(tokens.getAccessToken()).resolves.toBe('token-1');

      jest.setSystemTime(START + 3_540_000 - 1);
      await expect(tokens.getAccessToken()).resolves.toBe('token-1');
      expect(tokenRequests()).toBe(1);

      jest.setSystemTime(START + 3_540_000);
      await expect(tokens.getAccessToken()).resolves.toBe('token-2');
      expect(tokenRequests()).toBe(2);
    });
  });

  describe('invalidate()', () => {
    it('drops the refused token from memory and from the store, so the next call fetches', async () => {
      const tokens = tokenService();
      await tokens.getAccessToken();

      await tokens.invalidate('token-1');

      expect(store.entries.has(STORE_KEY)).toBe(false);
      await expect(tokens.getAccessToken()).resolves.toBe('token-2');
    });

    it('keeps the token in memory when the refused one was already replaced, even if the store lost it', async () => {
      const tokens = tokenService();
      await tokens.getAccessToken();
      store.entries.delete(STORE_KEY);

      await tokens.invalidate('an-older-token');

      await expect(tokens.getAccessToken()).resolves.toBe('token-1');
      expect(tokenRequests()).toBe(1);
    });

    it("leaves the store's token alone when another instance already replaced the refused one", async () => {
      const tokens = tokenService();
      await tokens.getAccessToken();
      share('newer-from-another-instance');

      await tokens.invalidate('token-1');

      await expect(tokens.getAccessToken()).resolves.toBe('newer-from-another-instance');
      expect(tokenRequests()).toBe(1);
    });
  });

  describe('the shared store', () => {
    it('gives a cold instance the token another instance stored, without the lock or DingTalk', async () => {
      share('shared-token');

      await expect(tokenService().getAccessToken()).resolves.toBe('shared-token');

      expect(lock.attempts).toEqual([]);
      expect(tokenRequests()).toBe(0);
    });

    it('is not trusted with a token at its expiresAt, even when it still hands the token back', async () => {
      freezeDate(START);
      share('stale', START);

      await expect(tokenService().getAccessToken()).resolves.toBe('token-1');

      expect(tokenRequests()).toBe(1);
      expect(store.entries.get(STORE_KEY)).toEqual({
        accessToken: 'token-1',
        expiresAt: START + DEFAULT_TTL_MS,
      });
      expect(store.ttls.get(STORE_KEY)).toBe(DEFAULT_TTL_MS);
    });
  });

  describe('the fetch lock', () => {
    it('is named by the store key, outlives a fetch with all its retries twice over, and is released', async () => {
      const tokens = tokenService({ timeoutMs: 1000, retry: { maxRetries: 2, budgetMs: 300 } });

      await tokens.getAccessToken();

      // 2 × (1000 ms × 3 attempts + 300 ms of waits) + a 5 s margin.
      expect(lock.attempts).toEqual([{ name: STORE_KEY, ttlMs: 11_600 }]);
      expect(lock.releases).toBe(1);
    });

    it('is released when the fetch failed too', async () => {
      fake.on(TOKEN_PATH, () => dingTalkError(500, 'systemError'));

      await expect(tokenService().getAccessToken()).rejects.toBeInstanceOf(DingTalkApiError);

      expect(lock.releases).toBe(1);
    });

    it('once held, the store is read again: a token stored just before is used, not fetched again', async () => {
      lock.free = () => {
        share('stored-meanwhile');
        return true;
      };

      await expect(tokenService().getAccessToken()).resolves.toBe('stored-meanwhile');

      expect(tokenRequests()).toBe(0);
      expect(lock.releases).toBe(1);
    });

    it('held by another instance: waits for the token that instance stores, without asking DingTalk', async () => {
      lock.free = (attempt) => {
        if (attempt === 2) share('from-the-lock-holder');
        return false;
      };

      await expect(tokenService().getAccessToken()).resolves.toBe('from-the-lock-holder');

      expect(lock.attempts).toHaveLength(2);
      expect(tokenRequests()).toBe(0);
    });

    it('held by an instance that never stores a token: fetches itself once timeoutMs has passed', async () => {
      freezeDate(START);
      lock.free = (attempt) => {
        // Each attempt finds the clock 250 ms further on; a waiter still waiting after the tenth
        // would take this token, which no correct waiter sees.
        jest.setSystemTime(START + attempt * 250);
        if (attempt === 10) share('never-expected');
        return false;
      };

      await expect(tokenService({ timeoutMs: 1000 }).getAccessToken()).resolves.toBe('token-1');

      // At 0, 250, 500 and 750 ms; at 1000 ms the wait is over.
      expect(lock.attempts).toHaveLength(4);
      expect(tokenRequests()).toBe(1);
    });
  });

  it('holds a refusal of the credentials for 10 s, then asks DingTalk again', async () => {
    freezeDate(START);
    fake.on(TOKEN_PATH, () => dingTalkError(400, 'invalidClientIdOrSecret'));
    const tokens = tokenService();
    await expect(tokens.getAccessToken()).rejects.toBeInstanceOf(DingTalkAuthError);

    jest.setSystemTime(START + 9_999);
    await expect(tokens.getAccessToken()).rejects.toBeInstanceOf(DingTalkAuthError);
    expect(tokenRequests()).toBe(1);

    jest.setSystemTime(START + 10_000);
    await expect(tokens.getAccessToken()).rejects.toBeInstanceOf(DingTalkAuthError);
    expect(tokenRequests()).toBe(2);
  });

  it.each([
    ['an empty accessToken', { accessToken: '', expireIn: 7200 }],
    ['no accessToken', { expireIn: 7200 }],
    ['an accessToken that is not a string', { accessToken: 42, expireIn: 7200 }],
  ])('refuses an answer with %s as a bad response, and stores nothing', async (_case, json) => {
    fake.on(TOKEN_PATH, () => ({ json }));

    const error = await tokenService()
      .getAccessToken()
      .catch((e: unknown) => e);

    expect(error).toBeInstanceOf(DingTalkAuthError);
    expect(error).toMatchObject({
      code: 'upstreamBadResponse',
      api: 'GetAccessToken',
      message: DingTalkErrorMessages.tokenMissingInAnswer,
    });
    expect(store.entries.size).toBe(0);
  });

  describe('refused tokens it remembers', () => {
    const refuseSeventeen = async (tokens: AppTokenService) => {
      for (let n = 1; n <= 17; n++) await tokens.invalidate(`refused-${n}`);
    };

    it('are the latest 16: the second of 17 refused tokens is still not read back from the store', async () => {
      const tokens = tokenService();
      await refuseSeventeen(tokens);
      share('refused-2');

      await expect(tokens.getAccessToken()).resolves.toBe('token-1');
      expect(tokenRequests()).toBe(1);
    });

    it('forget the oldest of 17: a token refused long ago is read from the store again', async () => {
      const tokens = tokenService();
      await refuseSeventeen(tokens);
      share('refused-1');

      await expect(tokens.getAccessToken()).resolves.toBe('refused-1');
      expect(tokenRequests()).toBe(0);
    });
  });
});
