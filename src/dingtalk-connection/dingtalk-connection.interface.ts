import type { DingTalkSandbox } from '@nest-dingtalk/sandbox';

/** Where the app's DingTalk calls go: the configured app on real DingTalk, or the in-process sandbox. */
export interface DingTalkConnection {
  appKey: string;
  /** A secret: never log it. */
  appSecret: string;
  baseUrl: string;
  timeoutMs?: number;
  /** The in-process sandbox, in sandbox mode (no DingTalk credentials configured). */
  sandbox?: DingTalkSandbox;
}
