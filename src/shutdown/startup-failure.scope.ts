import { AsyncLocalStorage } from 'node:async_hooks';

type Release = () => Promise<void>;

const pendingReleases = new AsyncLocalStorage<Release[]>();
/** Builds in progress: the storage is disabled when none is (see releasingOnStartupFailure). */
let building = 0;

/**
 * Runs `build` (NestFactory.create) and, if it fails, releases what providers opened on the way
 * (see {@link releaseOnStartupFailure}) before rethrowing. Nest calls no shutdown hook when
 * building an app fails, so a resource an async provider opened, such as the in-process sandbox
 * listening on a port, would stay open and keep the process alive after the failure is reported.
 * Each call has its own scope: apps built side by side (as in tests) never release each other's.
 */
export async function releasingOnStartupFailure<T>(build: () => Promise<T>): Promise<T> {
  const releases: Release[] = [];
  building += 1;
  try {
    return await pendingReleases.run(releases, build);
  } catch (error) {
    await Promise.allSettled(releases.map((release) => release()));
    throw error;
  } finally {
    // An AsyncLocalStorage left enabled makes Node track every promise the app ever creates.
    building -= 1;
    if (building === 0) pendingReleases.disable();
  }
}

/**
 * For a provider that opens a resource while the app is being built: how to release it should the
 * build fail. Once the app is built, its shutdown hooks release it instead.
 */
export function releaseOnStartupFailure(release: Release): void {
  pendingReleases.getStore()?.push(release);
}
