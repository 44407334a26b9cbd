import { ForbiddenException, HttpException, UnauthorizedException } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import type { AppConfig } from '../config/app-config.interface';
import type { AuthenticatedRequest } from './api-client.interface';
import { httpContextOf } from '../../test/support/guard-context.test-helper';
import { UnionIdPolicyGuard } from './union-id-policy.guard';

describe('UnionIdPolicyGuard', () => {
  const guard = new UnionIdPolicyGuard(
    new ConfigService<AppConfig, true>({
      apiKeyPolicies: { 'key-1': ['union-alice', 'union-bob'] },
    }),
  );
  const check = (request: AuthenticatedRequest) => () => guard.canActivate(httpContextOf(request));
  /** The body Nest answers with for the exception `attempt` throws. */
  const responseOf = (attempt: () => unknown): unknown => {
    try {
      attempt();
    } catch (error) {
      return (error as HttpException).getResponse();
    }
    throw new Error('the guard let the request through');
  };

  it('lets a key act for a unionId its policy lists', () => {
    const request = { headers: {}, query: { unionId: 'union-bob' }, apiClient: { id: 'key-1' } };

    expect(check(request)()).toBe(true);
  });

  it.each([
    ['a unionId the policy does not list', 'union-carol'],
    ['no unionId at all', undefined],
    ['a unionId given twice (an array), even a listed one', ['union-alice', 'union-alice']],
    ['a prefix of a listed unionId', 'union-ali'],
  ])('refuses %s with 403 forbidden', (_case, unionId) => {
    const request = { headers: {}, query: { unionId }, apiClient: { id: 'key-1' } };

    expect(check(request)).toThrow(ForbiddenException);
    expect(check(request)).toThrow('This API key may not act for this unionId');
  });

  it('answers a refused unionId with the body code forbidden and its message', () => {
    const request = { headers: {}, query: { unionId: 'union-carol' }, apiClient: { id: 'key-1' } };

    expect(responseOf(check(request))).toEqual({
      code: 'forbidden',
      message: 'This API key may not act for this unionId',
    });
  });

  it('leaves keys without a policy unrestricted', () => {
    const request = { headers: {}, query: { unionId: 'union-carol' }, apiClient: { id: 'key-2' } };

    expect(check(request)()).toBe(true);
  });

  it('refuses, never allows, a request no key guard identified (guards listed in the wrong order)', () => {
    const request = { headers: {}, query: { unionId: 'union-alice' } };

    expect(check(request)).toThrow(UnauthorizedException);
    expect(responseOf(check(request))).toEqual({
      code: 'unauthorized',
      message: 'The x-api-key header is required',
    });
  });
});
