import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { DINGTALK_CONNECTION } from './dingtalk-connection.constants';
import type { DingTalkConnection } from './dingtalk-connection.interface';

/**
 * Stops the in-process sandbox, in sandbox mode, at application shutdown: after every
 * `onModuleDestroy`, so once the HTTP server has drained (GracefulShutdownService) and no request
 * still calls it.
 */
@Injectable()
export class SandboxLifecycleService implements OnApplicationShutdown {
  constructor(@Inject(DINGTALK_CONNECTION) private readonly connection: DingTalkConnection) {}

  async onApplicationShutdown(): Promise<void> {
    await this.connection.sandbox?.close();
  }
}
