import {
  ForbiddenException,
  Injectable,
  UnauthorizedException,
  type CanActivate,
  type ExecutionContext,
} from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { AppMessages } from '../app.messages';
import type { AppConfig } from '../config/app-config.interface';
import type { AuthenticatedRequest } from './api-client.interface';

/**
 * Per-key policy (API_KEY_POLICIES): a key with a policy may act only for the unionIds it lists
 * (the operator, or for SendByApp the recipient); keys without one may act for anyone. Runs after
 * {@link ApiKeyGuard}, which identifies the key.
 */
@Injectable()
export class UnionIdPolicyGuard implements CanActivate {
  private readonly policies: Record<string, string[]>;

  constructor(config: ConfigService<AppConfig, true>) {
    this.policies = config.get('apiKeyPolicies', { infer: true });
  }

  canActivate(context: ExecutionContext): boolean {
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    // Without an identified client the guards are listed in the wrong order: refuse, never allow.
    if (!request.apiClient) {
      throw new UnauthorizedException({ code: 'unauthorized', message: AppMessages.apiKeyMissing });
    }
    const allowed = this.policies[request.apiClient.id];
    if (!allowed) return true;
    const unionId = request.query.unionId;
    if (typeof unionId === 'string' && allowed.includes(unionId)) return true;
    throw new ForbiddenException({ code: 'forbidden', message: AppMessages.unionIdNotAllowed });
  }
}
