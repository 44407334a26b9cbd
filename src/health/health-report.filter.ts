import {
  Catch,
  ServiceUnavailableException,
  type ArgumentsHost,
  type ExceptionFilter,
} from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';

/**
 * Answers a failed health check with Terminus's report and its status (503): probes and operators
 * want which check is down and why, not the DingTalk-shaped error of the API routes. Applied to
 * the health controller only, where it takes precedence over the app's global filter; every
 * other error there still goes to the global filter.
 */
@Catch(ServiceUnavailableException)
export class HealthReportFilter implements ExceptionFilter<ServiceUnavailableException> {
  constructor(private readonly adapterHost: HttpAdapterHost) {}

  catch(exception: ServiceUnavailableException, host: ArgumentsHost): void {
    const response: unknown = host.switchToHttp().getResponse();
    this.adapterHost.httpAdapter.reply(response, exception.getResponse(), exception.getStatus());
  }
}
