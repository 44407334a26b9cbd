import { createHash } from 'node:crypto';

/**
 * The owner of the batches an API key creates: a digest of the key itself, not its position in
 * API_KEYS (`key-1`), which another key takes when a key is removed, while batches live on. A
 * digest, so that no key is stored.
 */
export function batchOwnerOf(apiKey: string): string {
  return createHash('sha256')
    .update(`batch-owner\u0000${apiKey}`, 'utf8')
    .digest('hex')
    .slice(0, 32);
}
