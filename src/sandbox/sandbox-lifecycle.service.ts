import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import type { DingTalkSandbox } from '@nest-dingtalk/sandbox';
import { DINGTALK_SANDBOX } from './sandbox.constants';

/** Stops the in-process sandbox last, once the HTTP server has drained. */
@Injectable()
export class SandboxLifecycleService implements OnApplicationShutdown {
  constructor(@Inject(DINGTALK_SANDBOX) private readonly sandbox: DingTalkSandbox) {}

  onApplicationShutdown(): Promise<void> {
    return this.sandbox.close();
  }
}
