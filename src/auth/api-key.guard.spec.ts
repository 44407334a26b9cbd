import { UnauthorizedException } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import type { AppConfig } from '../config/app-config.interface';
import type { AuthenticatedRequest } from './api-client.interface';
import { ApiKeyGuard } from './api-key.guard';
import { ApiKeyService } from './api-key.service';
import { httpContextOf } from '../../test/support/guard-context.test-helper';

const KEY = 'first-key-0123456789abcdef';

describe('ApiKeyGuard', () => {
  const guard = new ApiKeyGuard(
    new ApiKeyService(new ConfigService<AppConfig, true>({ apiKeys: [KEY] })),
  );

  /** The exception the guard throws for `request`, or undefined if it lets it through. */
  function refusal(request: AuthenticatedRequest): UnauthorizedException | undefined {
    try {
      guard.canActivate(httpContextOf(request));
      return undefined;
    } catch (error) {
      return error as UnauthorizedException;
    }
  }

  it('lets a valid key through and records which key called, by id', () => {
    const request: AuthenticatedRequest = { headers: { 'x-api-key': KEY }, query: {} };

    expect(guard.canActivate(httpContextOf(request))).toBe(true);
    expect(request.apiClient).toEqual({ id: 'key-1' });
  });

  it('refuses a request without the header, saying the header is required', () => {
    const error = refusal({ headers: {}, query: {} });

    expect(error).toBeInstanceOf(UnauthorizedException);
    expect(error?.getResponse()).toEqual({
      code: 'unauthorized',
      message: 'The x-api-key header is required',
    });
  });

  it.each([
    ['a wrong key', 'wrong-key-0123456789abcdef'],
    ['an empty key', ''],
    ['a prefix of a valid key', KEY.slice(0, -1)],
  ])('refuses %s, saying the key is not valid, and records no caller', (_case, key) => {
    const request: AuthenticatedRequest = { headers: { 'x-api-key': key }, query: {} };

    expect(refusal(request)?.getResponse()).toEqual({
      code: 'unauthorized',
      message: 'The x-api-key header does not hold a valid API key',
    });
    expect(request.apiClient).toBeUndefined();
  });

  it('refuses a header that is not one string, even if it holds a valid key', () => {
    const request = {
      headers: { 'x-api-key': [KEY, KEY] },
      query: {},
    } as unknown as AuthenticatedRequest;

    expect(refusal(request)?.getResponse()).toMatchObject({
      message: 'The x-api-key header does not hold a valid API key',
    });
  });
});
