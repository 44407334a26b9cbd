import {
  Injectable,
  type CallHandler,
  type ExecutionContext,
  type NestInterceptor,
} from '@nestjs/common';
import { DingTalkError } from '@nest-dingtalk/conv-file';
import { catchError, throwError, type Observable } from 'rxjs';
import type { PlatformRequest } from '../http-platform/exchange.interface';
import { DINGTALK_FAILURE } from './dingtalk-failure.constants';

/**
 * Hands a library error's code and DingTalk request id to the request log; the error goes on
 * unchanged. They are left on the platform's request object, which both Express and Fastify hand
 * to interceptors and to the request log alike (Express's `res.locals` has no Fastify twin).
 */
@Injectable()
export class DingTalkErrorLogInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    return next.handle().pipe(
      catchError((error: unknown) => {
        if (error instanceof DingTalkError) {
          context.switchToHttp().getRequest<PlatformRequest>()[DINGTALK_FAILURE] = {
            api: error.api,
            code: error.code,
            requestId: error.requestId,
          };
        }
        return throwError(() => error);
      }),
    );
  }
}
