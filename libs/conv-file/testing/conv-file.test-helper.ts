import { Test, type TestingModule } from '@nestjs/testing';
import { ConvFileModule, type ConvFileModuleOptions } from '@nest-dingtalk/conv-file';

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
