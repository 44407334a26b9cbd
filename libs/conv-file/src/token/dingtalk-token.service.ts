import { CACHE_MANAGER } from '@nestjs/cache-manager';
import { Injectable, type OnModuleInit, type Type } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { createCache, type Cache } from 'cache-manager';
import {
  AUTH_FAILURE_COOLDOWN_MS,
  FALLBACK_TOKEN_EXPIRE_IN_SECONDS,
  TOKEN_CACHE_KEY_PREFIX,
} from '../conv-file.constants';
import type { ResolvedConvFileOptions } from '../conv-file-options.resolver';
import { InjectConvFileOptions } from '../decorators/inject-conv-file-options.decorator';
import { DingTalkApiError } from '../errors/dingtalk-api.error';
import { DingTalkAuthError } from '../errors/dingtalk-auth.error';
import { DingTalkErrorMessages } from '../errors/dingtalk-error.messages';
import { DingTalkError } from '../errors/dingtalk.error';
import { DingTalkHttpClient } from '../http/dingtalk-http.client';
import type { DingTalkAccessTokenProvider } from '../interfaces/dingtalk-access-token-provider.interface';

/** DingTalk codes meaning the app's own credentials are wrong: asking again will not help. */
const CREDENTIAL_REJECTED_CODES = new Set(['invalidClientIdOrSecret']);

/**
 * Fetches, caches and refreshes the app's access token.
 *
 * The token lives in the application's `CACHE_MANAGER` when it registered one (so instances
 * sharing a Redis-backed cache share the token), else in a private in-memory cache. Concurrent
 * callers share one in-flight fetch.
 */
@Injectable()
export class DingTalkTokenService implements OnModuleInit {
  private cache: Cache | undefined;
  private provider: DingTalkAccessTokenProvider | undefined;
  private inFlight: Promise<string> | undefined;
  private rejectedCredentials: { until: number; error: DingTalkAuthError } | undefined;

  constructor(
    @InjectConvFileOptions() private readonly options: ResolvedConvFileOptions,
    private readonly http: DingTalkHttpClient,
    private readonly moduleRef: ModuleRef,
  ) {}

  async onModuleInit(): Promise<void> {
    const source = this.options.tokenSource;
    if (source.kind === 'provider') this.provider = source.provider;
    if (source.kind === 'providerClass')
      this.provider = await this.resolveProviderClass(source.providerClass);
    if (source.kind === 'credentials') this.cache = this.findApplicationCache() ?? createCache();
  }

  /** Cache key of this app's token: namespaced by appKey so two apps never share a token. */
  get cacheKey(): string | undefined {
    const source = this.options.tokenSource;
    return source.kind === 'credentials' ? TOKEN_CACHE_KEY_PREFIX + source.appKey : undefined;
  }

  /** A valid access token: from the cache, or fetched once for all concurrent callers. */
  getAccessToken(): Promise<string> {
    if (this.provider) return this.fromProvider(this.provider);
    this.inFlight ??= this.cachedOrFetched().finally(() => {
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
      await this.provider.invalidate?.(rejectedToken);
      return;
    }
    const key = this.cacheKey!;
    if ((await this.safeGet(key)) === rejectedToken) await this.safeDel(key);
  }

  private async cachedOrFetched(): Promise<string> {
    const key = this.cacheKey!;
    const cached = await this.safeGet(key);
    if (cached) return cached;
    const { token, ttlMs } = await this.fetchToken();
    await this.safeSet(key, token, ttlMs);
    return token;
  }

  private async fetchToken(): Promise<{ token: string; ttlMs: number }> {
    if (this.rejectedCredentials && Date.now() < this.rejectedCredentials.until) {
      throw this.rejectedCredentials.error;
    }
    const source = this.options.tokenSource as Extract<
      ResolvedConvFileOptions['tokenSource'],
      { kind: 'credentials' }
    >;
    let answer: Record<string, unknown>;
    try {
      answer = await this.http.post('GetAccessToken', {
        appKey: source.appKey,
        appSecret: source.appSecret,
      });
    } catch (error) {
      throw this.asTokenError(error);
    }
    const token = answer.accessToken;
    if (typeof token !== 'string' || token.length === 0) {
      throw new DingTalkAuthError(
        'upstreamBadResponse',
        DingTalkErrorMessages.tokenMissingInAnswer,
        {
          api: 'GetAccessToken',
        },
      );
    }
    return { token, ttlMs: this.ttlMs(answer.expireIn) };
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
    if (!(error instanceof DingTalkApiError) || !CREDENTIAL_REJECTED_CODES.has(error.code))
      return error;
    const authError = new DingTalkAuthError(
      error.code,
      DingTalkErrorMessages.tokenRequest(error.code, error.message),
      { api: 'GetAccessToken', status: error.status, requestId: error.requestId },
    );
    this.rejectedCredentials = { until: Date.now() + AUTH_FAILURE_COOLDOWN_MS, error: authError };
    return authError;
  }

  private async fromProvider(provider: DingTalkAccessTokenProvider): Promise<string> {
    let token: unknown;
    try {
      token = await provider.getAccessToken();
    } catch (error) {
      if (error instanceof DingTalkError) throw error;
      const reason = error instanceof Error ? error.name : typeof error;
      throw new DingTalkAuthError(
        'accessTokenUnavailable',
        DingTalkErrorMessages.tokenProviderFailed(reason),
      );
    }
    if (typeof token !== 'string' || token.length === 0) {
      throw new DingTalkAuthError(
        'accessTokenUnavailable',
        DingTalkErrorMessages.tokenProviderEmpty,
      );
    }
    return token;
  }

  private findApplicationCache(): Cache | undefined {
    try {
      return this.moduleRef.get<Cache>(CACHE_MANAGER, { strict: false });
    } catch {
      return undefined;
    }
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

  /** A cache outage must not stop calls: it only costs a token fetch. */
  private async safeGet(key: string): Promise<string | undefined> {
    try {
      return (await this.cache!.get<string>(key)) ?? undefined;
    } catch {
      return undefined;
    }
  }

  private async safeSet(key: string, token: string, ttlMs: number): Promise<void> {
    try {
      await this.cache!.set(key, token, ttlMs);
    } catch {
      // The token is still returned to the caller; the next call refetches it.
    }
  }

  private async safeDel(key: string): Promise<void> {
    try {
      await this.cache!.del(key);
    } catch {
      // Same as above: a missed delete only means the stale token is refused once more.
    }
  }
}
