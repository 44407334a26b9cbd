import { Logger } from '@nestjs/common';
import { DingTalkLogMessages } from '../messages/dingtalk-log.messages';
import type { ConvFileObserver } from '../options/conv-file-observer.interface';
import type { DingTalkTracer } from './dingtalk.tracer';

type Events = Required<ConvFileObserver>;

/**
 * The module's reports on its own work: the app's {@link ConvFileObserver} (metrics) and the
 * tracer (spans). An observer that throws is logged once and never fails a call.
 */
export class ConvFileTelemetry {
  private readonly logger = new Logger('ConvFileTelemetry');
  private observerFailed = false;

  constructor(
    private readonly observer: ConvFileObserver | undefined,
    readonly tracer: DingTalkTracer,
  ) {}

  notify<K extends keyof Events>(event: K, data: Parameters<Events[K]>[0]): void {
    const method = this.observer?.[event] as ((data: unknown) => void) | undefined;
    if (method === undefined) return;
    try {
      method.call(this.observer, data);
    } catch (error) {
      if (this.observerFailed) return;
      this.observerFailed = true;
      this.logger.warn(DingTalkLogMessages.observerFailed(event, (error as Error)?.name));
    }
  }
}
