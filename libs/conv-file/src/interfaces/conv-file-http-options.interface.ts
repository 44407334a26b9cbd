import type { CanActivate, Type } from '@nestjs/common';

/**
 * The `http` extra of {@link ConvFileModule}: serves DingTalk's four convFile routes
 * (`POST /v1.0/convFile/...`, DingTalk's own contract) from the importing app, so any DingTalk
 * client, the official SDK included, can use the app as its endpoint while the app secret stays
 * on the server. The routes have no protection of their own: guard them.
 */
export interface ConvFileHttpOptions {
  /**
   * Path prefix of the routes: `'dingtalk'` serves `/dingtalk/v1.0/convFile/...`. DingTalk
   * clients given this app as their endpoint expect no prefix. The app's global prefix, if any,
   * comes first.
   * @default '' (DingTalk's own paths)
   */
  prefix?: string;
  /**
   * Guards that run on these routes only, in the order given, after the app's global guards
   * (`APP_GUARD`). Classes are resolved through DI in the module's scope, so they may inject
   * global providers and providers exported by modules given in `forRootAsync({ imports })`;
   * guard instances are used as they are.
   * @default [] (only the app's global guards protect the routes)
   */
  guards?: Array<Type<CanActivate> | CanActivate>;
  /**
   * Names of OpenAPI security schemes the routes are documented as requiring. The app declares
   * the schemes themselves, e.g. `new DocumentBuilder().addApiKey({ ... }, 'api-key')`.
   * @default [] (the docs show no security requirement)
   */
  apiSecurity?: string[];
}
