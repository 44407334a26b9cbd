import type { INestApplication } from '@nestjs/common';
import { Test, type TestingModule } from '@nestjs/testing';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  ConvFileModule,
  type ConvFileModuleOptions,
  type ConvFileRoutes,
} from '@nest-dingtalk/conv-file';
import { convFileRoutes } from '@nest-dingtalk/conv-file/http';

export const APP_KEY = 'ding-app-key';
export const APP_SECRET = 'super-secret-app-secret-value';

/**
 * Boots ConvFileModule.forRoot against the fake DingTalk at `baseUrl`, with the test app's
 * credentials unless a token provider is given. Pacing is off unless a test asks for it, so specs
 * about other behaviour are not slowed to DingTalk's 20 calls per second.
 */
export async function bootConvFile(
  baseUrl: string,
  options: Partial<ConvFileModuleOptions> = {},
  imports: NonNullable<Parameters<typeof Test.createTestingModule>[0]['imports']> = [],
): Promise<TestingModule> {
  const moduleRef = await Test.createTestingModule({
    imports: [
      ...imports,
      ConvFileModule.forRoot({
        ...(options.accessTokenProvider ? {} : { appKey: APP_KEY, appSecret: APP_SECRET }),
        baseUrl,
        rateLimit: false,
        ...options,
      }),
    ],
  }).compile();
  await moduleRef.init();
  return moduleRef;
}

/** A Nest app serving the module's REST routes on 127.0.0.1:0, with Nest's default body parsers. */
export interface ConvFileTestApp {
  app: INestApplication;
  /** Base URL of the app. */
  url: string;
  close(): Promise<void>;
}

/**
 * Boots an app with `ConvFileModule.forRoot({ http: convFileRoutes() })` (or the `http` given)
 * against the fake DingTalk at `baseUrl`.
 */
export async function startConvFileApp(
  baseUrl: string,
  options: Partial<ConvFileModuleOptions> & { http?: ConvFileRoutes } = {},
): Promise<ConvFileTestApp> {
  const moduleRef = await Test.createTestingModule({
    imports: [
      ConvFileModule.forRoot({
        appKey: APP_KEY,
        appSecret: APP_SECRET,
        baseUrl,
        rateLimit: false,
        http: convFileRoutes(),
        ...options,
      }),
    ],
  }).compile();
  const app = moduleRef.createNestApplication({ logger: false });
  const server = (await app.listen(0, '127.0.0.1')) as Server;
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { app, url, close: () => app.close() };
}
