import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { createHash, timingSafeEqual } from 'node:crypto';
import { apiKeyId } from '../config/api-keys.parser';
import type { AppConfig } from '../config/app-config.interface';
import type { ApiClient } from './api-client.interface';

/** Name of the header carrying the API key. */
export const API_KEY_HEADER = 'x-api-key';

/** Recognises the API keys of API_KEYS without leaking, through timing, how close a guess was. */
@Injectable()
export class ApiKeyService {
  private readonly keys: ReadonlyArray<{ client: ApiClient; digest: Buffer }>;

  constructor(config: ConfigService<AppConfig, true>) {
    this.keys = config
      .get('apiKeys', { infer: true })
      .map((key, index) => ({ client: { id: apiKeyId(index + 1) }, digest: digest(key) }));
  }

  /**
   * The client whose key `presented` is, or undefined. Compares equal-length SHA-256 digests
   * with `timingSafeEqual`, and always compares against every key.
   */
  identify(presented: string): ApiClient | undefined {
    const candidate = digest(presented);
    let found: ApiClient | undefined;
    for (const key of this.keys) {
      if (timingSafeEqual(key.digest, candidate) && found === undefined) found = key.client;
    }
    return found;
  }
}

function digest(value: string): Buffer {
  return createHash('sha256').update(value, 'utf8').digest();
}
