import { createKeyv } from '@keyv/redis';
import { CacheModule, CACHE_MANAGER } from '@nestjs/cache-manager';
import { Test, type TestingModule } from '@nestjs/testing';
import type { Cache } from 'cache-manager';
import {
  CacheManagerTokenStore,
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
  /** Registers the app's CACHE_MANAGER on Redis (@keyv/redis) and keeps tokens there, as the README shows. */
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
            ConvFileModule.forRootAsync({
              inject: [CACHE_MANAGER],
              useFactory: (cache: Cache) => ({
                ...SANDBOX_APP,
                baseUrl,
                ...moduleOptions,
                tokenStore: new CacheManagerTokenStore(cache),
              }),
            }),
          ]
        : [ConvFileModule.forRoot({ ...SANDBOX_APP, baseUrl, ...moduleOptions })]),
    ],
  }).compile();
  await moduleRef.init();
  return moduleRef;
}

export const convFiles = (instance: TestingModule) => instance.get(ConvFileService);
