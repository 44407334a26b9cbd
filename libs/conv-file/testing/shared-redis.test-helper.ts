import { createClient } from '@redis/client';
import { randomUUID } from 'node:crypto';

/** The shared Redis the machine runs (`.ci/run` makes sure it is up and sets REDIS_URL). */
export const SHARED_REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

/**
 * One test file's keys in the shared Redis. They all start with a prefix of their own,
 * `test:<uuid>:`, so that test files and other people's runs never share state, and
 * `deleteAll()` (in afterAll) removes them rather than leave cached tokens to their two-hour TTL.
 */
export class SharedRedisKeys {
  readonly prefix = `test:${randomUUID()}:`;
  private tests = 0;

  /**
   * A new prefix under this file's on every call, for a test that must not see the keys of the
   * tests before it.
   */
  nextPrefix(): string {
    this.tests += 1;
    return `${this.prefix}${this.tests}:`;
  }

  /** Deletes every key under this file's prefix. */
  deleteAll(): Promise<number> {
    return deleteSharedRedisKeys(`${this.prefix}*`);
  }
}

/**
 * Deletes the shared Redis's keys matching the glob `pattern` and resolves with how many there
 * were. SCAN, not KEYS, so that a large database is never blocked.
 */
export async function deleteSharedRedisKeys(pattern: string): Promise<number> {
  const client = createClient({ url: SHARED_REDIS_URL });
  await client.connect();
  try {
    let deleted = 0;
    for await (const keys of client.scanIterator({ MATCH: pattern, COUNT: 1000 })) {
      if (keys.length > 0) deleted += await client.del(keys);
    }
    return deleted;
  } finally {
    client.destroy();
  }
}
