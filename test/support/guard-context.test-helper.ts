import type { ExecutionContext } from '@nestjs/common';
import type { AuthenticatedRequest } from '../../src/auth/api-client.interface';

/** The execution context Nest hands a guard for an HTTP request: all the guards read is the request. */
export function httpContextOf(request: AuthenticatedRequest): ExecutionContext {
  return {
    switchToHttp: () => ({ getRequest: () => request }),
  } as unknown as ExecutionContext;
}
