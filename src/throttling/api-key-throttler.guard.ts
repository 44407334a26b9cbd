import { Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import {
  InjectThrottlerOptions,
  InjectThrottlerStorage,
  ThrottlerGuard,
  type ThrottlerModuleOptions,
  type ThrottlerStorage,
} from '@nestjs/throttler';
import { API_KEY_HEADER, ApiKeyService } from '../auth/api-key.service';

/**
 * The inbound rate limit (THROTTLE_LIMIT per THROTTLE_TTL_MS), counted per valid API key (by its
 * id, `key-1`…) so clients behind one address do not share a budget, and per client IP for every
 * other request, with or without a key: a flood of made-up keys is throttled like one client, and
 * the limiter keeps one entry per key of API_KEYS, not one per key tried. Behind a proxy the
 * client IP needs TRUST_PROXY.
 */
@Injectable()
export class ApiKeyThrottlerGuard extends ThrottlerGuard {
  constructor(
    @InjectThrottlerOptions() options: ThrottlerModuleOptions,
    @InjectThrottlerStorage() storage: ThrottlerStorage,
    reflector: Reflector,
    private readonly apiKeys: ApiKeyService,
  ) {
    super(options, storage, reflector);
  }

  protected override async getTracker(request: Record<string, any>): Promise<string> {
    const key = (request.headers as Record<string, unknown> | undefined)?.[API_KEY_HEADER];
    const client = typeof key === 'string' ? this.apiKeys.identify(key) : undefined;
    return client ? `key:${client.id}` : `ip:${await super.getTracker(request)}`;
  }
}
