import {
  Injectable,
  UnauthorizedException,
  type CanActivate,
  type ExecutionContext,
} from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { AppMessages } from '../app.messages';
import type { AppConfig } from '../config/app-config.interface';

const BEARER = /^Bearer (\S+)$/;

/** `/metrics` on the app's port: only with `Authorization: Bearer <METRICS_TOKEN>`. */
@Injectable()
export class MetricsTokenGuard implements CanActivate {
  private readonly expected: Buffer;

  constructor(config: ConfigService<AppConfig, true>) {
    this.expected = digest(config.get('metrics', { infer: true })?.token ?? '');
  }

  canActivate(context: ExecutionContext): boolean {
    const header = context.switchToHttp().getRequest<IncomingMessage>().headers.authorization;
    const presented = typeof header === 'string' ? BEARER.exec(header)?.[1] : undefined;
    // Equal-length digests compared in constant time: timing says nothing of the token.
    if (presented === undefined || !timingSafeEqual(digest(presented), this.expected)) {
      throw new UnauthorizedException({
        code: 'unauthorized',
        message: AppMessages.metricsToken401,
      });
    }
    return true;
  }
}

function digest(value: string): Buffer {
  return createHash('sha256').update(value, 'utf8').digest();
}
