import {
  Injectable,
  UnauthorizedException,
  type CanActivate,
  type ExecutionContext,
} from '@nestjs/common';
import { AppMessages } from '../app.messages';
import type { AuthenticatedRequest } from './api-client.interface';
import { API_KEY_HEADER, ApiKeyService } from './api-key.service';

/** Lets a request through only with a key of API_KEYS in `x-api-key`, and records who called. */
@Injectable()
export class ApiKeyGuard implements CanActivate {
  constructor(private readonly apiKeys: ApiKeyService) {}

  canActivate(context: ExecutionContext): boolean {
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const presented = request.headers[API_KEY_HEADER];
    const client = typeof presented === 'string' ? this.apiKeys.identify(presented) : undefined;
    if (!client) {
      throw new UnauthorizedException({
        code: 'unauthorized',
        message: presented === undefined ? AppMessages.apiKeyMissing : AppMessages.apiKeyInvalid,
      });
    }
    request.apiClient = client;
    return true;
  }
}
