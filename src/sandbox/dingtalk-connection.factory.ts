import { createDingTalkSandbox, type DingTalkSandbox } from '@nest-dingtalk/sandbox';
import { AppMessages } from '../app.messages';
import type { DingTalkConnection, EnvConfig } from '../config/app-config.interface';
import { SANDBOX_APP_KEY } from './sandbox.constants';

/** Where DingTalk calls go: the configured app on real DingTalk, or a freshly started sandbox. */
export async function connectDingTalk(
  config: EnvConfig,
): Promise<{ connection: DingTalkConnection; sandbox?: DingTalkSandbox }> {
  const timeoutMs = config.dingTalkTimeoutMs;
  if (config.dingTalkCredentials) {
    return {
      connection: { ...config.dingTalkCredentials, baseUrl: config.dingTalkBaseUrl, timeoutMs },
    };
  }
  const sandbox = await createDingTalkSandbox({ host: '127.0.0.1', port: 0 });
  const app = sandbox.world.app(SANDBOX_APP_KEY);
  if (!app) {
    await sandbox.close();
    throw new Error(AppMessages.sandboxAppMissing(SANDBOX_APP_KEY));
  }
  return {
    connection: { appKey: app.appKey, appSecret: app.appSecret, baseUrl: sandbox.url, timeoutMs },
    sandbox,
  };
}
