import {
  Injectable,
  type CallHandler,
  type ExecutionContext,
  type NestInterceptor,
} from '@nestjs/common';
import { DingTalkError } from '@nest-dingtalk/conv-file';
import { catchError, throwError, type Observable } from 'rxjs';
import { DINGTALK_FAILURE_LOCAL } from './dingtalk-failure.constants';
import type { DingTalkFailure } from './dingtalk-failure.interface';

/** Hands a library error's code and DingTalk request id to the request log; the error goes on unchanged. */
@Injectable()
export class DingTalkErrorLogInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    return next.handle().pipe(
      catchError((error: unknown) => {
        if (error instanceof DingTalkError) {
          const response = context
            .switchToHttp()
            .getResponse<{ locals: Record<string, unknown> }>();
          const failure: DingTalkFailure = {
            api: error.api,
            code: error.code,
            requestId: error.requestId,
          };
          response.locals[DINGTALK_FAILURE_LOCAL] = failure;
        }
        return throwError(() => error);
      }),
    );
  }
}
