// Holds no Redis import: the token services' typings reach this file, and @redis/client is an
// optional peer that an app without Redis does not install.

/** Releases a held lock. */
export type ReleaseLock = () => Promise<void>;

/** Injection token of the module's {@link TokenFetchLock}. */
export const TOKEN_FETCH_LOCK = Symbol('TokenFetchLock');

/** Lets one instance at a time fetch a token. */
export interface TokenFetchLock {
  /** A release function, or `undefined` when another instance holds the lock. */
  tryAcquire(name: string, ttlMs: number): Promise<ReleaseLock | undefined>;
}

/** Releases nothing: a lock that was not held, or not held in a shared place. */
export const releaseNothing: ReleaseLock = () => Promise.resolve();

/**
 * Without Redis every caller gets the lock: within one instance the token service already
 * shares one fetch among concurrent callers.
 */
export const inProcessTokenFetchLock: TokenFetchLock = {
  tryAcquire: () => Promise.resolve(releaseNothing),
};
