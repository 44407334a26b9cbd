import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import type { DingTalkSandbox } from '@nest-dingtalk/sandbox';

/** Injection token of the in-process sandbox (sandbox mode only). */
export const DINGTALK_SANDBOX = Symbol('DINGTALK_SANDBOX');

/** Stops the in-process sandbox last, once the HTTP server has drained. */
@Injectable()
export class SandboxLifecycleService implements OnApplicationShutdown {
  constructor(@Inject(DINGTALK_SANDBOX) private readonly sandbox: DingTalkSandbox) {}

  onApplicationShutdown(): Promise<void> {
    return this.sandbox.close();
  }
}
