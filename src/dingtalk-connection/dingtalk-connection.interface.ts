import type { DingTalkSandbox } from '@nest-dingtalk/sandbox';
import type { DingTalkAppsConfig } from '../config/dingtalk-apps.parser';

/** Where the app's DingTalk calls go: the configured app on real DingTalk, or the in-process sandbox. */
export interface DingTalkConnection {
  /** The one app of DINGTALK_APP_KEY (or the sandbox's); unset with DINGTALK_APPS_FILE. */
  appKey?: string;
  /** A secret: never log it. */
  appSecret?: string;
  /** The apps of DINGTALK_APPS_FILE. */
  apps?: DingTalkAppsConfig;
  baseUrl: string;
  timeoutMs?: number;
  /** The in-process sandbox, in sandbox mode (no DingTalk credentials configured). */
  sandbox?: DingTalkSandbox;
}
