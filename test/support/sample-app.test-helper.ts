import {
  createDingTalkSandbox,
  type DingTalkSandbox,
  type SandboxApi,
  type SandboxDelivery,
} from '@nest-dingtalk/sandbox';
import type { INestApplication } from '@nestjs/common';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import request from 'supertest';
import { createApp } from '../../src/app.factory';
import { CapturingLogger } from './capturing.logger';

/** An API key of the kind API_KEYS takes in tests. */
export const TEST_API_KEY = 'test-key-0123456789abcdef';
export const OTHER_API_KEY = 'other-key-0123456789abcdef';

/** The default world's ids, for requests that succeed. */
export const WORLD = {
  member: 'union-alice',
  otherMember: 'union-bob',
  outsider: 'union-carol',
  group: 'cid-project-group',
  space: 'space-project',
  file: 'dentry-report',
} as const;

export const PATHS = {
  SendLink: '/v1.0/convFile/conversations/files/links/send',
  SendByApp: '/v1.0/convFile/apps/conversations/files/send',
  Send: '/v1.0/convFile/conversations/files/send',
  GetSpace: '/v1.0/convFile/conversations/spaces/query',
} as const;

/** The sample app in DingTalk mode, listening on 127.0.0.1:0, with a sandbox as DingTalk. */
export interface TestApp {
  app: INestApplication;
  url: string;
  sandbox: DingTalkSandbox;
  logger: CapturingLogger;
  http: ReturnType<typeof request>;
  close(): Promise<void>;
}

/**
 * Starts a sandbox (unless given) and the app pointed at it as the sandbox's full-scope app, on
 * the HTTP platform TEST_HTTP_ADAPTER names (the jest project `e2e-fastify` sets it; default
 * Express), so the same specs check both.
 */
export async function startTestApp(
  env: Record<string, string | undefined> = {},
  givenSandbox?: DingTalkSandbox,
): Promise<TestApp> {
  const sandbox = givenSandbox ?? (await createDingTalkSandbox({ host: '127.0.0.1', port: 0 }));
  const logger = new CapturingLogger();
  const { app } = await createApp(
    {
      DINGTALK_APP_KEY: 'sandbox-app-key',
      DINGTALK_APP_SECRET: 'sandbox-app-secret',
      DINGTALK_API_BASE_URL: sandbox.url,
      API_KEYS: TEST_API_KEY,
      HTTP_ADAPTER: process.env.TEST_HTTP_ADAPTER,
      ...env,
    },
    { logger },
  );
  const server = (await app.listen(0, '127.0.0.1')) as Server;
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    app,
    url,
    sandbox,
    logger,
    http: request(url),
    close: async () => {
      await app.close();
      if (!givenSandbox) await sandbox.close();
    },
  };
}

/** What the sandbox receives from now on, without reset() (which would also forget the app's token). */
export interface SandboxWatch {
  deliveries(): SandboxDelivery[];
  requests(api: SandboxApi): number;
  /** Calls to the four convFile APIs. */
  convFileCalls(): number;
  tokenFetches(): number;
}

export function watchSandbox(sandbox: DingTalkSandbox): SandboxWatch {
  const deliveries = sandbox.deliveries().length;
  const before = sandbox.stats();
  const requests = (api: SandboxApi) => sandbox.stats().requests[api] - before.requests[api];
  return {
    deliveries: () => sandbox.deliveries().slice(deliveries),
    requests,
    convFileCalls: () =>
      requests('SendLink') + requests('SendByApp') + requests('Send') + requests('GetSpace'),
    tokenFetches: () => sandbox.stats().tokenFetches - before.tokenFetches,
  };
}
