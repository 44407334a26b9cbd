import type { FactoryProvider } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { createDingTalkSandbox } from '@nest-dingtalk/sandbox';
import { AppMessages } from '../app.messages';
import type { AppConfig } from '../config/app-config.interface';
import { SANDBOX_APP_KEY } from '../sandbox/sandbox.constants';
import { releaseOnStartupFailure } from '../shutdown/startup-failure.scope';
import { DINGTALK_CONNECTION } from './dingtalk-connection.constants';
import type { DingTalkConnection } from './dingtalk-connection.interface';

/**
 * DINGTALK_CONNECTION: the configured DingTalk app (or apps), or, with no credentials configured, a freshly
 * started in-process sandbox (default world) and its full-scope app. The sandbox is closed by
 * SandboxLifecycleService at shutdown, or right away if building the app fails after it started.
 */
export const dingTalkConnectionProvider: FactoryProvider<Promise<DingTalkConnection>> = {
  provide: DINGTALK_CONNECTION,
  inject: [ConfigService],
  useFactory: async (config: ConfigService<AppConfig, true>): Promise<DingTalkConnection> => {
    const timeoutMs = config.get('dingTalkTimeoutMs', { infer: true });
    const credentials = config.get('dingTalkCredentials', { infer: true });
    const apps = config.get('dingTalkApps', { infer: true });
    if (credentials || apps) {
      const baseUrl = config.get('dingTalkBaseUrl', { infer: true });
      return { ...credentials, apps, baseUrl, timeoutMs };
    }
    const sandbox = await createDingTalkSandbox({ host: '127.0.0.1', port: 0 });
    const app = sandbox.world.app(SANDBOX_APP_KEY);
    if (!app) {
      await sandbox.close();
      throw new Error(AppMessages.sandboxAppMissing(SANDBOX_APP_KEY));
    }
    releaseOnStartupFailure(() => sandbox.close());
    return {
      appKey: app.appKey,
      appSecret: app.appSecret,
      baseUrl: sandbox.url,
      timeoutMs,
      sandbox,
    };
  },
};
