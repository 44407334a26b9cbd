import { DingTalkTokenService } from '../token/dingtalk-token.service';
import type { DingTalkCallTargets } from './dingtalk-call.targets';

/**
 * `DingTalkTokenService` as users inject it: the default app's tokens. Resolved on use, so a
 * module without a default app starts, and only a call that needs one is refused.
 */
export class DefaultAppTokenService extends DingTalkTokenService {
  constructor(private readonly targets: DingTalkCallTargets) {
    super();
  }

  async getAccessToken(): Promise<string> {
    return this.targets.defaultTarget().tokens.getAccessToken();
  }

  async invalidate(rejectedToken: string): Promise<void> {
    return this.targets.defaultTarget().tokens.invalidate(rejectedToken);
  }
}
