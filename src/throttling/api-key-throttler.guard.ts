import { Injectable } from '@nestjs/common';
import { ThrottlerGuard } from '@nestjs/throttler';
import { createHash } from 'node:crypto';
import { API_KEY_HEADER } from '../auth/api-key.service';

/**
 * The inbound rate limit (THROTTLE_LIMIT per THROTTLE_TTL_MS), counted per API key so clients
 * behind one address do not share a budget, and per IP address for requests without a key. Keys
 * are counted by digest, so none is kept in the limiter's memory.
 */
@Injectable()
export class ApiKeyThrottlerGuard extends ThrottlerGuard {
  protected override async getTracker(request: Record<string, any>): Promise<string> {
    const key = (request.headers as Record<string, unknown> | undefined)?.[API_KEY_HEADER];
    if (typeof key === 'string' && key !== '') {
      return `key:${createHash('sha256').update(key).digest('hex')}`;
    }
    return `ip:${await super.getTracker(request)}`;
  }
}
