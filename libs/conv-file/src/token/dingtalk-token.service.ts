import { Injectable, Logger, type OnModuleInit, type Type } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  AUTH_FAILURE_COOLDOWN_MS,
  FALLBACK_TOKEN_EXPIRE_IN_SECONDS,
  TOKEN_CACHE_KEY_PREFIX,
  TOKEN_LOCK_MARGIN_MS,
  TOKEN_LOCK_POLL_MS,
} from '../conv-file.constants';
import type { ResolvedConvFileOptions } from '../conv-file-options.resolver';
import { InjectConvFileOptions } from '../decorators/inject-conv-file-options.decorator';
import { DingTalkApiError } from '../errors/dingtalk-api.error';
import { DingTalkAuthError } from '../errors/dingtalk-auth.error';
import { ConvFileErrorCodes, DingTalkErrorCodes } from '../errors/dingtalk-error.codes';
import { DingTalkErrorMessages } from '../errors/dingtalk-error.messages';
import { DingTalkError } from '../errors/dingtalk.error';
import { DingTalkHttpClient } from '../http/dingtalk-http.client';
import type { DingTalkAccessTokenProvider } from '../interfaces/dingtalk-access-token-provider.interface';
import { DingTalkRetrier } from '../retry/dingtalk.retrier';
import { DingTalkRedisConnection } from '../redis/dingtalk-redis.connection';
import { DingTalkTokenLock } from './dingtalk-token.lock';
import type { DingTalkTokenStore, StoredAccessToken } from './dingtalk-token-store.interface';
import { resolveTokenStore } from './dingtalk-token-store.factory';

/** How many refused tokens are remembered. */
const REFUSED_TOKENS_KEPT = 16;

type Credentials = Extract<ResolvedConvFileOptions['tokenSource'], { kind: 'credentials' }>;

/**
 * Fetches, caches and refreshes the app's access token.
 *
 * Every instance keeps the token in memory, so a warm call costs no I/O. It is shared through the
 * {@link DingTalkTokenStore} (the app's `CACHE_MANAGER`, else the module's Redis): an instance
 * whose memory is cold reads it there, and only one instance at a time fetches it from DingTalk
 * (a Redis lock) while the others wait for it to appear. Within one instance, concurrent callers
 * share one in-flight fetch.
 */
@Injectable()
export class DingTalkTokenService implements OnModuleInit {
  private readonly logger = new Logger('DingTalkToken');
  private provider: DingTalkAccessTokenProvider | undefined;
  private store: DingTalkTokenStore | undefined;
  private memory: StoredAccessToken | undefined;
  /**
   * Tokens DingTalk refused lately. A token read from the shared store while it is being
   * invalidated must not come back: the one retry would be made with the same refused token.
   */
  private readonly refused = new Set<string>();
  private inFlight: Promise<string> | undefined;
  private rejectedCredentials: { until: number; error: DingTalkAuthError } | undefined;

  constructor(
    @InjectConvFileOptions() private readonly options: ResolvedConvFileOptions,
    private readonly http: DingTalkHttpClient,
    private readonly retrier: DingTalkRetrier,
    private readonly lock: DingTalkTokenLock,
    private readonly redis: DingTalkRedisConnection,
    private readonly moduleRef: ModuleRef,
  ) {}

  async onModuleInit(): Promise<void> {
    const source = this.options.tokenSource;
    if (source.kind === 'provider') this.provider = source.provider;
    if (source.kind === 'providerClass')
      this.provider = await this.resolveProviderClass(source.providerClass);
    if (source.kind === 'credentials') this.store = resolveTokenStore(this.moduleRef, this.redis);
  }

  /** Key of this app's token in the shared store: namespaced by appKey so two apps never share a token. */
  get cacheKey(): string | undefined {
    const source = this.options.tokenSource;
    return source.kind === 'credentials' ? TOKEN_CACHE_KEY_PREFIX + source.appKey : undefined;
  }

  /** A valid access token: from memory, the shared store, or fetched once for all concurrent callers. */
  getAccessToken(): Promise<string> {
    if (this.provider) return this.fromProvider(this.provider);
    if (this.memory && Date.now() < this.memory.expiresAt)
      return Promise.resolve(this.memory.accessToken);
    this.inFlight ??= this.load().finally(() => {
      this.inFlight = undefined;
    });
    return this.inFlight;
  }

  /**
   * Drops `rejectedToken` after DingTalk refused it, so the next {@link getAccessToken} fetches
   * a fresh one. A token that has already been replaced is left alone, so concurrent failures
   * of the same stale token cause one refresh, not one each.
   */
  async invalidate(rejectedToken: string): Promise<void> {
    if (this.provider) {
      await this.invalidateAtProvider(this.provider, rejectedToken);
      return;
    }
    this.remember(rejectedToken);
    if (this.memory?.accessToken === rejectedToken) this.memory = undefined;
    const key = this.cacheKey!;
    if ((await this.store?.get(key))?.accessToken === rejectedToken) await this.store?.delete(key);
  }

  private async load(): Promise<string> {
    const key = this.cacheKey!;
    // Waiting on another instance's fetch is bounded like a call: if that instance died holding
    // the lock, fetch anyway (DingTalk answers a repeated fetch with the same token).
    const waitUntil = Date.now() + this.options.timeoutMs;
    for (;;) {
      const shared = await this.readShared(key);
      if (shared) return shared;
      if (Date.now() >= waitUntil) return this.fetchAndShare(key);
      const release = await this.lock.tryAcquire(key, this.lockTtlMs);
      if (release) {
        try {
          // Another instance may have stored a token between our read and our lock.
          return (await this.readShared(key)) ?? (await this.fetchAndShare(key));
        } finally {
          await release();
        }
      }
      await sleep(TOKEN_LOCK_POLL_MS);
    }
  }

  /**
   * Longer than a token fetch can take with all its retries, so that another instance never
   * takes the lock while this one is still fetching.
   */
  private get lockTtlMs(): number {
    const retry = this.options.retry;
    const attempts = 1 + (retry?.maxRetries ?? 0);
    return this.options.timeoutMs * attempts + (retry?.budgetMs ?? 0) + TOKEN_LOCK_MARGIN_MS;
  }

  private async readShared(key: string): Promise<string | undefined> {
    const shared = await this.store?.get(key);
    if (!shared || Date.now() >= shared.expiresAt || this.refused.has(shared.accessToken))
      return undefined;
    this.memory = shared;
    return shared.accessToken;
  }

  private async fetchAndShare(key: string): Promise<string> {
    const { accessToken, ttlMs } = await this.fetchToken();
    // DingTalk hands out the same token again while it is valid: it is good after all.
    this.refused.delete(accessToken);
    const token = { accessToken, expiresAt: Date.now() + ttlMs };
    this.memory = token;
    await this.store?.set(key, token, ttlMs);
    return accessToken;
  }

  private async fetchToken(): Promise<{ accessToken: string; ttlMs: number }> {
    if (this.rejectedCredentials && Date.now() < this.rejectedCredentials.until) {
      throw this.rejectedCredentials.error;
    }
    const { appKey, appSecret } = this.options.tokenSource as Credentials;
    let answer: Record<string, unknown>;
    try {
      answer = await this.retrier.run('GetAccessToken', () =>
        this.http.post('GetAccessToken', { appKey, appSecret }),
      );
    } catch (error) {
      throw this.asTokenError(error);
    }
    const accessToken = answer.accessToken;
    if (typeof accessToken !== 'string' || accessToken.length === 0) {
      throw new DingTalkAuthError(
        ConvFileErrorCodes.upstreamBadResponse,
        DingTalkErrorMessages.tokenMissingInAnswer,
        {
          api: 'GetAccessToken',
        },
      );
    }
    return { accessToken, ttlMs: this.ttlMs(answer.expireIn) };
  }

  /** expireIn minus the refresh margin, in ms; the margin never eats more than half the lifetime. */
  private ttlMs(expireIn: unknown): number {
    const seconds =
      typeof expireIn === 'number' && Number.isFinite(expireIn) && expireIn > 0
        ? expireIn
        : FALLBACK_TOKEN_EXPIRE_IN_SECONDS;
    const lifetimeMs = seconds * 1000;
    return lifetimeMs - Math.min(this.options.tokenRefreshMarginMs, lifetimeMs / 2);
  }

  private asTokenError(error: unknown): unknown {
    if (
      !(error instanceof DingTalkApiError) ||
      error.code !== DingTalkErrorCodes.credentialsRejected
    )
      return error;
    const authError = new DingTalkAuthError(
      error.code,
      DingTalkErrorMessages.tokenRequest(error.code, error.message),
      { api: 'GetAccessToken', status: error.status, requestId: error.requestId },
    );
    this.rejectedCredentials = { until: Date.now() + AUTH_FAILURE_COOLDOWN_MS, error: authError };
    return authError;
  }

  private remember(refusedToken: string): void {
    this.refused.add(refusedToken);
    // Only the latest few matter; older ones have expired anyway.
    if (this.refused.size > REFUSED_TOKENS_KEPT)
      this.refused.delete(this.refused.values().next().value!);
  }

  /** A provider's own failure to forget a token must not replace DingTalk's answer, nor be logged with its message. */
  private async invalidateAtProvider(
    provider: DingTalkAccessTokenProvider,
    token: string,
  ): Promise<void> {
    try {
      await provider.invalidate?.(token);
    } catch (error) {
      this.logger.warn(DingTalkErrorMessages.tokenProviderInvalidateFailed(errorName(error)));
    }
  }

  private async fromProvider(provider: DingTalkAccessTokenProvider): Promise<string> {
    let token: unknown;
    try {
      token = await provider.getAccessToken();
    } catch (error) {
      if (error instanceof DingTalkError) throw error;
      throw new DingTalkAuthError(
        ConvFileErrorCodes.accessTokenUnavailable,
        DingTalkErrorMessages.tokenProviderFailed(errorName(error)),
      );
    }
    if (typeof token !== 'string' || token.length === 0) {
      throw new DingTalkAuthError(
        ConvFileErrorCodes.accessTokenUnavailable,
        DingTalkErrorMessages.tokenProviderEmpty,
      );
    }
    return token;
  }

  private async resolveProviderClass(
    type: Type<DingTalkAccessTokenProvider>,
  ): Promise<DingTalkAccessTokenProvider> {
    try {
      return this.moduleRef.get(type, { strict: false });
    } catch {
      return this.moduleRef.create(type);
    }
  }
}

/** Only the class name of a foreign error: its message may hold anything, secrets included. */
function errorName(error: unknown): string {
  return error instanceof Error ? error.name : typeof error;
}
