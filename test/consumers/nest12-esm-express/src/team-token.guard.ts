import { Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';

/** This app's own guard on the DingTalk routes: the `x-team-token` header must hold TEAM_TOKEN. */
@Injectable()
export class TeamTokenGuard implements CanActivate {
  constructor(private readonly config: ConfigService) {}

  canActivate(context: ExecutionContext): boolean {
    const request = context.switchToHttp().getRequest<{ headers: Record<string, unknown> }>();
    return request.headers['x-team-token'] === this.config.getOrThrow<string>('TEAM_TOKEN');
  }
}
