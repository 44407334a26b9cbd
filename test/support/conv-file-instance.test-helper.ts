import { createKeyv } from '@keyv/redis';
import { CacheModule } from '@nestjs/cache-manager';
import { Test, type TestingModule } from '@nestjs/testing';
import {
  ConvFileModule,
  ConvFileService,
  type ConvFileModuleOptions,
} from '@nest-dingtalk/conv-file';

/** The default sandbox world's app with both convFile scopes, and a file and a group it can use. */
export const SANDBOX_APP = { appKey: 'sandbox-app-key', appSecret: 'sandbox-app-secret' };
export const SEND_BY_APP_INPUT = {
  unionId: 'union-bob',
  spaceId: 'space-project',
  dentryId: 'dentry-report',
};
export const GET_SPACE_INPUT = { unionId: 'union-alice', openConversationId: 'cid-project-group' };

export interface InstanceOptions extends Partial<ConvFileModuleOptions> {
  /** Registers the app's CACHE_MANAGER on Redis (@keyv/redis), as the sample app does with REDIS_URL. */
  sharedCache?: { url: string; namespace: string };
}

/** One "instance" of a user's app: its own Nest context, as a separate process would have. */
export async function startInstance(
  baseUrl: string,
  options: InstanceOptions = {},
): Promise<TestingModule> {
  const { sharedCache, ...moduleOptions } = options;
  const moduleRef = await Test.createTestingModule({
    imports: [
      ...(sharedCache
        ? [
            CacheModule.register({
              isGlobal: true,
              stores: [createKeyv(sharedCache.url, { namespace: sharedCache.namespace })],
            }),
          ]
        : []),
      ConvFileModule.forRoot({ ...SANDBOX_APP, baseUrl, ...moduleOptions }),
    ],
  }).compile();
  await moduleRef.init();
  return moduleRef;
}

export const convFiles = (instance: TestingModule) => instance.get(ConvFileService);
