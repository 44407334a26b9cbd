import { Inject, Injectable } from '@nestjs/common';
import { setTimeout as sleep } from 'node:timers/promises';
import { DingTalkApiError } from '../errors/dingtalk-api.error';
import { DingTalkAuthError } from '../errors/dingtalk-auth.error';
import { ConvFileErrorCodes, DingTalkErrorCodes } from '../errors/dingtalk-error.codes';
import { DingTalkErrorMessages } from '../messages/dingtalk-error.messages';
import type {
  ResolvedConvFileOptions,
  ResolvedTokenSource,
} from '../options/conv-file-options.resolver';
import { InjectConvFileOptions } from '../options/inject-conv-file-options.decorator';
import { DingTalkRetrier } from '../retry/dingtalk.retrier';
import { DingTalkHttpTransport } from '../transport/dingtalk-http.transport';
import {
  DingTalkTokenStore,
  type StoredAccessToken,
} from '../options/dingtalk-token-store.interface';
import { TOKEN_FETCH_LOCK, type TokenFetchLock } from './dingtalk-token.lock';
import { DingTalkTokenService } from './dingtalk-token.service';

type Credentials = Extract<ResolvedTokenSource, { kind: 'credentials' }>;
/** DingTalk documents 7200 s; a missing or non-positive expireIn is read as this (clients that trusted 0 refetched in a loop). */
const FALLBACK_EXPIRE_IN_SECONDS = 7200;
/** After DingTalk rejects the app's credentials, fetches fail fast for this long instead of hammering the token endpoint. */
const CREDENTIALS_REJECTED_HOLD_MS = 10_000;
/** Added to the longest a token fetch can take, to get the lifetime of the token-fetch lock. */
const LOCK_MARGIN_MS = 5_000;
/** How often an instance waiting for another's token fetch looks at the shared store. */
const LOCK_POLL_MS = 25;
/** How many refused tokens are remembered. */
const REFUSED_TOKENS_KEPT = 16;

/**
 * Fetches, caches and refreshes the app's token with its credentials
 * (`POST /v1.0/oauth2/accessToken { appKey, appSecret }`).
 *
 * Every instance keeps the token in memory, so a warm call costs no I/O. It is shared through the
 * {@link DingTalkTokenStore}: an instance whose memory is cold reads it there, and only one
 * instance at a time fetches it from DingTalk (the fetch lock) while the others wait for it to
 * appear. Within one instance, concurrent callers share one in-flight fetch.
 */
@Injectable()
export class AppTokenService extends DingTalkTokenService {
  /** Key of this app's token in the shared store: namespaced by appKey so two apps never share a token. */
  readonly storeKey: string;
  private memory: StoredAccessToken | undefined;
  /**
   * Tokens DingTalk refused lately. A token read from the shared store while it is being
   * invalidated must not come back: the one retry would be made with the same refused token.
   */
  private readonly refused = new Set<string>();
  private inFlight: Promise<string> | undefined;
  private rejectedCredentials: { until: number; code: string; status?: number } | undefined;

  constructor(
    @InjectConvFileOptions() private readonly options: ResolvedConvFileOptions,
    private readonly transport: DingTalkHttpTransport,
    private readonly retrier: DingTalkRetrier,
    @Inject(DingTalkTokenStore) private readonly store: DingTalkTokenStore,
    @Inject(TOKEN_FETCH_LOCK) private readonly lock: TokenFetchLock,
  ) {
    super();
    this.storeKey = `access-token:${options.appId}`;
  }

  getAccessToken(): Promise<string> {
    if (this.memory && Date.now() < this.memory.expiresAt) {
      return Promise.resolve(this.memory.accessToken);
    }
    this.inFlight ??= this.load().finally(() => {
      this.inFlight = undefined;
    });
    return this.inFlight;
  }

  async invalidate(rejectedToken: string): Promise<void> {
    this.remember(rejectedToken);
    if (this.memory?.accessToken === rejectedToken) this.memory = undefined;
    if ((await this.store.get(this.storeKey))?.accessToken === rejectedToken) {
      await this.store.delete(this.storeKey);
    }
  }

  private async load(): Promise<string> {
    const key = this.storeKey;
    // Waiting on another instance's fetch is bounded like a call: if that instance died holding
    // the lock, fetch anyway (DingTalk answers a repeated fetch with the same token).
    const waitUntil = Date.now() + this.options.timeoutMs;
    for (;;) {
      const shared = await this.readShared();
      if (shared) return shared;
      if (Date.now() >= waitUntil) return this.fetchAndShare();
      const release = await this.lock.tryAcquire(key, this.lockTtlMs);
      if (release) {
        try {
          // Another instance may have stored a token between our read and our lock.
          return (await this.readShared()) ?? (await this.fetchAndShare());
        } finally {
          await release();
        }
      }
      await sleep(LOCK_POLL_MS);
    }
  }

  /** Longer than a fetch with all its retries, so no other instance takes the lock mid-fetch. */
  private get lockTtlMs(): number {
    const { retry, timeoutMs } = this.options;
    return timeoutMs * (1 + retry.maxRetries) + retry.budgetMs + LOCK_MARGIN_MS;
  }

  private async readShared(): Promise<string | undefined> {
    const shared = await this.store.get(this.storeKey);
    if (!shared || Date.now() >= shared.expiresAt || this.refused.has(shared.accessToken)) {
      return undefined;
    }
    this.memory = shared;
    return shared.accessToken;
  }

  private async fetchAndShare(): Promise<string> {
    const { accessToken, ttlMs } = await this.fetchToken();
    // DingTalk hands out the same token again while it is valid: it is good after all.
    this.refused.delete(accessToken);
    const token = { accessToken, expiresAt: Date.now() + ttlMs };
    this.memory = token;
    await this.store.set(this.storeKey, token, ttlMs);
    return accessToken;
  }

  private async fetchToken(): Promise<{ accessToken: string; ttlMs: number }> {
    const held = this.rejectedCredentials;
    if (held && Date.now() < held.until) {
      // A new error each time: DingTalk's request id belongs to the exchange that was refused.
      throw new DingTalkAuthError(DingTalkErrorMessages.credentialsRecentlyRejected(held.code), {
        code: held.code,
        api: 'GetAccessToken',
        status: held.status,
      });
    }
    const { appKey, appSecret } = this.options.tokenSource as Credentials;
    let answer: Record<string, unknown>;
    try {
      answer = await this.retrier.run('GetAccessToken', () =>
        this.transport.post('GetAccessToken', { appKey, appSecret }),
      );
    } catch (error) {
      throw this.asTokenError(error);
    }
    const accessToken = answer.accessToken;
    if (typeof accessToken !== 'string' || accessToken.length === 0) {
      throw new DingTalkAuthError(DingTalkErrorMessages.tokenMissingInAnswer, {
        code: ConvFileErrorCodes.upstreamBadResponse,
        api: 'GetAccessToken',
      });
    }
    return { accessToken, ttlMs: this.ttlMs(answer.expireIn) };
  }

  /** expireIn minus the refresh margin, in ms; the margin never eats more than half the lifetime. */
  private ttlMs(expireIn: unknown): number {
    const seconds =
      typeof expireIn === 'number' && Number.isFinite(expireIn) && expireIn > 0
        ? expireIn
        : FALLBACK_EXPIRE_IN_SECONDS;
    const lifetimeMs = seconds * 1000;
    return lifetimeMs - Math.min(this.options.tokenRefreshMarginMs, lifetimeMs / 2);
  }

  private asTokenError(error: unknown): unknown {
    if (!(error instanceof DingTalkApiError)) return error;
    if (error.code !== DingTalkErrorCodes.credentialsRejected) return error;
    this.rejectedCredentials = {
      until: Date.now() + CREDENTIALS_REJECTED_HOLD_MS,
      code: error.code,
      status: error.status,
    };
    return new DingTalkAuthError(DingTalkErrorMessages.tokenRequest(error.code, error.message), {
      code: error.code,
      api: 'GetAccessToken',
      status: error.status,
      requestId: error.requestId,
    });
  }

  private remember(refusedToken: string): void {
    this.refused.add(refusedToken);
    // Only the latest few matter; older ones have expired anyway.
    if (this.refused.size > REFUSED_TOKENS_KEPT) {
      this.refused.delete(this.refused.values().next().value!);
    }
  }
}
