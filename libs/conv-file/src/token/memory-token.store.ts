import type {
  DingTalkTokenStore,
  StoredAccessToken,
} from '../options/dingtalk-token-store.interface';

/** Tokens in this instance's memory only: the store when nothing is shared. */
export class MemoryTokenStore implements DingTalkTokenStore {
  private readonly tokens = new Map<string, StoredAccessToken>();

  get(key: string): Promise<StoredAccessToken | undefined> {
    const token = this.tokens.get(key);
    if (token && Date.now() >= token.expiresAt) this.tokens.delete(key);
    return Promise.resolve(this.tokens.get(key));
  }

  set(key: string, token: StoredAccessToken): Promise<void> {
    this.tokens.set(key, token);
    return Promise.resolve();
  }

  delete(key: string): Promise<void> {
    this.tokens.delete(key);
    return Promise.resolve();
  }
}
