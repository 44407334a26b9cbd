// `@nest-dingtalk/conv-file/http`: DingTalk's REST routes for `ConvFileModule`'s `http` extra.
// The only entry point that loads `@nestjs/swagger` (the routes' OpenAPI description).
export { convFileRoutes } from './rest/conv-file.controller';
export { dingTalkEventRoutes } from './rest/dingtalk-events.controller';
export type { ConvFileHttpOptions } from './options/conv-file-module-extras.interface';
