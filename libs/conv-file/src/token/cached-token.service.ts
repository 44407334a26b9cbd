import { setTimeout as sleep } from 'node:timers/promises';
import { DingTalkApiError } from '../errors/dingtalk-api.error';
import { DingTalkAuthError } from '../errors/dingtalk-auth.error';
import { ConvFileErrorCodes } from '../errors/dingtalk-error.codes';
import { DingTalkErrorMessages } from '../messages/dingtalk-error.messages';
import type { DingTalkApiName } from '../endpoints/dingtalk-api.endpoints';
import type { ResolvedConvFileOptions } from '../options/conv-file-options.resolver';
import type { DingTalkRetrier } from '../retry/dingtalk.retrier';
import type { ConvFileTelemetry } from '../telemetry/conv-file.telemetry';
import type { DingTalkHttpTransport } from '../transport/dingtalk-http.transport';
import type {
  DingTalkTokenStore,
  StoredAccessToken,
} from '../options/dingtalk-token-store.interface';
import type { TokenFetchLock } from './dingtalk-token.lock';
import { DingTalkTokenService } from './dingtalk-token.service';

/** DingTalk documents 7200 s; a missing or non-positive expireIn is read as this (clients that trusted 0 refetched in a loop). */
const FALLBACK_EXPIRE_IN_SECONDS = 7200;
/** After DingTalk refuses the app itself (credentials, authorization), fetches fail fast for this long instead of hammering the token endpoint. */
const REFUSAL_HOLD_MS = 10_000;
/** Added to the longest a token fetch can take, to get the lifetime of the token-fetch lock. */
const LOCK_MARGIN_MS = 5_000;
/** How often an instance waiting for another's token fetch looks at the shared store. */
const LOCK_POLL_MS = 25;
/** How many refused tokens are remembered. */
const REFUSED_TOKENS_KEPT = 16;

/** What every cached token service is built from: the module's shared parts. */
export interface TokenServiceParts {
  options: ResolvedConvFileOptions;
  transport: DingTalkHttpTransport;
  retrier: DingTalkRetrier;
  store: DingTalkTokenStore;
  lock: TokenFetchLock;
  telemetry: ConvFileTelemetry;
}

/** A refusal of the app itself, answered from memory for a while instead of asking DingTalk again. */
interface HeldRefusal {
  until: number;
  error: () => DingTalkAuthError;
}

/**
 * One token (an internal app's, or a third-party app's for one organization), fetched, cached and
 * refreshed. Subclasses say how DingTalk is asked for it.
 *
 * Every instance keeps the token in memory, so a warm call costs no I/O. It is shared through the
 * {@link DingTalkTokenStore} under {@link storeKey}: an instance whose memory is cold reads it
 * there, and only one instance at a time fetches it from DingTalk (the fetch lock) while the
 * others wait for it to appear. Within one instance, concurrent callers share one in-flight fetch.
 */
export abstract class CachedTokenService extends DingTalkTokenService {
  private memory: StoredAccessToken | undefined;
  /**
   * Tokens DingTalk refused lately. A token read from the shared store while it is being
   * invalidated must not come back: the one retry would be made with the same refused token.
   */
  private readonly refused = new Set<string>();
  private inFlight: Promise<string> | undefined;
  private held: HeldRefusal | undefined;

  /**
   * @param storeKey key of this token in the shared store and of its fetch lock: namespaced by
   * app (and organization), so two apps never share a token.
   */
  constructor(
    protected readonly parts: TokenServiceParts,
    /** The app's name, for metrics. */
    readonly app: string,
    readonly storeKey: string,
  ) {
    super();
  }

  /** The token endpoint, for errors. */
  protected abstract readonly api: DingTalkApiName;

  /** Asks DingTalk for a token; answers DingTalk's JSON or throws a typed error. */
  protected abstract requestToken(): Promise<Record<string, unknown>>;

  /**
   * The error for a refusal of the app itself, held for a while so that callers do not hammer
   * the token endpoint; undefined for other failures, which pass through unchanged.
   */
  protected abstract heldRefusalOf(error: DingTalkApiError): (() => DingTalkAuthError) | undefined;

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
    if ((await this.parts.store.get(this.storeKey))?.accessToken === rejectedToken) {
      await this.parts.store.delete(this.storeKey);
    }
  }

  private async load(): Promise<string> {
    const key = this.storeKey;
    // Waiting on another instance's fetch is bounded like a call: if that instance died holding
    // the lock, fetch anyway.
    const waitUntil = Date.now() + this.parts.options.timeoutMs;
    for (;;) {
      const shared = await this.readShared();
      if (shared) return shared;
      if (Date.now() >= waitUntil) return this.fetchAndShare();
      const release = await this.parts.lock.tryAcquire(key, this.lockTtlMs);
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

  /** Longer than a fetch with all its retries (twice, for a rotated suite ticket), so no other instance takes the lock mid-fetch. */
  private get lockTtlMs(): number {
    const { retry, timeoutMs } = this.parts.options;
    return 2 * (timeoutMs * (1 + retry.maxRetries) + retry.budgetMs) + LOCK_MARGIN_MS;
  }

  private async readShared(): Promise<string | undefined> {
    const shared = await this.parts.store.get(this.storeKey);
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
    await this.parts.store.set(this.storeKey, token, ttlMs);
    return accessToken;
  }

  private async fetchToken(): Promise<{ accessToken: string; ttlMs: number }> {
    const held = this.held;
    // A new error each time: DingTalk's request id belongs to the exchange that was refused.
    if (held && Date.now() < held.until) throw held.error();
    let answer: Record<string, unknown>;
    try {
      this.parts.telemetry.notify('tokenFetched', { app: this.app });
      answer = await this.requestToken();
    } catch (error) {
      const refusal = error instanceof DingTalkApiError ? this.heldRefusalOf(error) : undefined;
      if (!refusal) throw error;
      this.held = { until: Date.now() + REFUSAL_HOLD_MS, error: refusal };
      const first = refusal();
      throw new DingTalkAuthError(first.message, {
        code: first.code,
        api: first.api,
        status: first.status,
        requestId: (error as DingTalkApiError).requestId,
      });
    }
    const accessToken = answer.accessToken;
    if (typeof accessToken !== 'string' || accessToken.length === 0) {
      throw new DingTalkAuthError(DingTalkErrorMessages.tokenMissingInAnswer, {
        code: ConvFileErrorCodes.upstreamBadResponse,
        api: this.api,
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
    return lifetimeMs - Math.min(this.parts.options.tokenRefreshMarginMs, lifetimeMs / 2);
  }

  private remember(refusedToken: string): void {
    this.refused.add(refusedToken);
    // Only the latest few matter; older ones have expired anyway.
    if (this.refused.size > REFUSED_TOKENS_KEPT) {
      this.refused.delete(this.refused.values().next().value!);
    }
  }
}
