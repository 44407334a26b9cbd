import { Logger } from '@nestjs/common';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createApp, type ConvFileApp, type CreateAppOptions } from './app.factory';
import { AppMessages } from './app.messages';
import { DINGTALK_CONNECTION } from './dingtalk-connection/dingtalk-connection.constants';
import type { DingTalkConnection } from './dingtalk-connection/dingtalk-connection.interface';
import { sandboxBanner } from './sandbox/sandbox.banner';

export interface BootstrapOptions extends CreateAppOptions {
  /**
   * Where the sandbox block goes: printed as plain text so its curl line can be pasted.
   * @default process.stdout
   */
  print?: (text: string) => void;
}

/** A running app. */
export interface RunningApp extends ConvFileApp {
  /** Base URL of the service, e.g. `http://localhost:3000`. */
  url: string;
}

/** Creates the app, listens on PORT (and HOST), and says where it runs and how to call it. */
export async function bootstrap(
  env: Record<string, string | undefined>,
  options: BootstrapOptions = {},
): Promise<RunningApp> {
  const handle = await createApp(env, options);
  const { app, config } = handle;
  let server: Server;
  try {
    server = (await (config.host
      ? app.listen(config.port, config.host)
      : app.listen(config.port))) as Server;
  } catch (error) {
    // A busy port, say: close what was started (the sandbox too) so the process can exit.
    await app.close();
    throw error;
  }
  const url = `http://${displayHost(config.host)}:${(server.address() as AddressInfo).port}`;
  const connection = app.get<DingTalkConnection>(DINGTALK_CONNECTION);
  if (connection.sandbox) {
    const banner = sandboxBanner(
      url,
      connection.sandbox.url,
      config.usingSandboxApiKey,
      config.docsEnabled,
    );
    // LOG_FORMAT=json: every line on stdout is one JSON object, the banner too.
    if (config.logFormat === 'json') new Logger('Bootstrap').log(banner.trimEnd());
    else (options.print ?? ((text: string) => process.stdout.write(text)))(banner);
  } else {
    const apps = connection.apps
      ? `apps ${Object.keys(connection.apps.apps).join(', ')}`
      : `app ${connection.appKey}`;
    new Logger('Bootstrap').log(AppMessages.listening(url, connection.baseUrl, apps));
  }
  return { ...handle, url };
}

function displayHost(host: string | undefined): string {
  if (host === undefined || host === '0.0.0.0' || host === '::') return 'localhost';
  return host.includes(':') ? `[${host}]` : host;
}
