import { randomBytes } from 'node:crypto';

/** Who a token was issued to: an internal app, or a suite acting in one authorized corp. */
export interface SandboxCaller {
  readonly kind: 'app' | 'suite';
  /** The appKey, or the suiteKey for a corp token. */
  readonly key: string;
  readonly corpId: string;
  /** For a corp token: the authorization it was issued under (`SandboxWorld.authorizationGrant`). */
  readonly grant?: number;
}

/** The caller's name in the per-caller stats: `app:<appKey>` or `suite:<suiteKey>/<corpId>`. */
export function callerLabel(caller: SandboxCaller): string {
  return caller.kind === 'app' ? `app:${caller.key}` : `suite:${caller.key}/${caller.corpId}`;
}

/** The body of a successful token answer. */
export interface SandboxTokenAnswer {
  accessToken: string;
  /** Seconds the token stays valid. */
  expireIn: number;
}

interface IssuedToken {
  readonly caller: SandboxCaller;
  readonly expiresAt: number;
}

/** Issues and checks access tokens, with expiry driven by the injected clock. */
export class SandboxTokenStore {
  private readonly tokens = new Map<string, IssuedToken>();
  private readonly appTokens = new Map<string, string>();

  constructor(
    private readonly expireInSeconds: number,
    private readonly now: () => number,
  ) {}

  /** An internal app's token: while the current one is valid it is returned again and extended. */
  issueForApp(appKey: string, corpId: string): SandboxTokenAnswer {
    const current = this.appTokens.get(appKey);
    const issued = current === undefined ? undefined : this.live(current);
    if (current !== undefined && issued) {
      // Re-inserted so the map stays ordered by expiry, which purgeExpired relies on.
      this.tokens.delete(current);
      this.tokens.set(current, { caller: issued.caller, expiresAt: this.expiry() });
      return { accessToken: current, expireIn: this.expireInSeconds };
    }
    const accessToken = this.store({ kind: 'app', key: appKey, corpId });
    this.appTokens.set(appKey, accessToken);
    return { accessToken, expireIn: this.expireInSeconds };
  }

  /**
   * A third-party corp token under the corp's current authorization `grant`: a new one on every
   * call; earlier ones stay valid until they expire or the authorization is revoked.
   */
  issueForCorp(suiteKey: string, corpId: string, grant: number): SandboxTokenAnswer {
    const accessToken = this.store({ kind: 'suite', key: suiteKey, corpId, grant });
    return { accessToken, expireIn: this.expireInSeconds };
  }

  /** The caller of a valid token; undefined when the token is unknown or expired. */
  resolve(accessToken: string): SandboxCaller | undefined {
    return this.live(accessToken)?.caller;
  }

  /** Tokens held: the valid ones, plus expired ones not yet purged. */
  get size(): number {
    return this.tokens.size;
  }

  /** Forgets every issued token (they all become invalid). */
  clear(): void {
    this.tokens.clear();
    this.appTokens.clear();
  }

  private store(caller: SandboxCaller): string {
    this.purgeExpired();
    const accessToken = randomBytes(16).toString('hex');
    this.tokens.set(accessToken, { caller, expiresAt: this.expiry() });
    return accessToken;
  }

  /**
   * Drops expired tokens, so long runs that fetch many corp tokens keep bounded memory. Tokens are
   * kept in expiry order (every lifetime is the same and extended tokens are re-inserted), so the
   * sweep stops at the first valid one. An app's entry in appTokens may name a purged token: there
   * is one entry per app, and issueForApp replaces it when its token is no longer live.
   */
  private purgeExpired(): void {
    const now = this.now();
    for (const [accessToken, issued] of this.tokens) {
      if (now < issued.expiresAt) return;
      this.tokens.delete(accessToken);
    }
  }

  private live(accessToken: string): IssuedToken | undefined {
    const issued = this.tokens.get(accessToken);
    if (issued && this.now() >= issued.expiresAt) {
      this.tokens.delete(accessToken);
      return undefined;
    }
    return issued;
  }

  private expiry(): number {
    return this.now() + this.expireInSeconds * 1000;
  }
}
