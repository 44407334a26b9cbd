// The public API: what README.md tells users to use, and nothing that exists only for internals.
// This entry point loads no optional peer dependency: the REST routes (`@nestjs/swagger`) are in
// ./http.ts, the class-validator helpers in ./validation.ts, and Redis is loaded when used.
export { ConvFileModule } from './conv-file.module';
export type { ConvFileModuleAsyncOptions } from './conv-file.module-definition';
export type {
  ConvFileAppOptions,
  ConvFileModuleOptions,
  ConvFileRateLimitOptions,
  ConvFileRedisOptions,
  ConvFileRetryOptions,
} from './options/conv-file-module-options.interface';
export type { ConvFileRoutes } from './options/conv-file-module-extras.interface';
export type { ConvFileOptionsFactory } from './options/conv-file-options-factory.interface';
export type { ConvFileObserver } from './options/conv-file-observer.interface';
export type { ResolvedConvFileOptions } from './options/conv-file-options.resolver';
export {
  CONV_FILE_OPTIONS,
  InjectConvFileOptions,
} from './options/inject-conv-file-options.decorator';
export type {
  DingTalkAccessTokenFunction,
  DingTalkAccessTokenProvider,
} from './options/dingtalk-access-token-provider.interface';

export { ConvFileService, type ConvFileClient } from './conv-file.service';
export { DingTalkTokenService } from './token/dingtalk-token.service';
export {
  DingTalkTokenStore,
  type StoredAccessToken,
} from './options/dingtalk-token-store.interface';
export { CacheManagerTokenStore } from './token/cache-manager-token.store';
export { DingTalkRateLimiter } from './rate-limit/dingtalk-rate-limiter.interface';

export type { ConvFileApiName } from './endpoints/dingtalk-api.endpoints';
export type {
  GetSpaceInput,
  SendByAppInput,
  SendInput,
  SendLinkInput,
} from './dto/conv-file-input.interface';
export type {
  ConvFileInfoDto as ConvFileInfo,
  ConvFileResponseDto as ConvFileResponse,
} from './dto/conv-file-response.dto';
export type {
  ConvSpaceInfoDto as ConvSpaceInfo,
  ConvSpaceResponseDto as ConvSpaceResponse,
} from './dto/conv-space-response.dto';

export { ConvFileErrorCodes, type ConvFileErrorCode } from './errors/dingtalk-error.codes';
export { DingTalkError, type DingTalkErrorOptions } from './errors/dingtalk.error';
export { DingTalkApiError } from './errors/dingtalk-api.error';
export { DingTalkAuthError } from './errors/dingtalk-auth.error';
export {
  DingTalkValidationError,
  type DingTalkValidationIssue,
} from './errors/dingtalk-validation.error';
export { DingTalkTimeoutError } from './errors/dingtalk-timeout.error';
export { DingTalkNetworkError } from './errors/dingtalk-network.error';
export { DingTalkRateLimitError } from './errors/dingtalk-rate-limit.error';

export { DingTalkExceptionFilter } from './filters/dingtalk-exception.filter';
export { ANSWERED_DINGTALK_ERROR } from './filters/answered-error.constants';
export { DingTalkHttpExceptionFilter } from './filters/dingtalk-http-exception.filter';
export {
  toDingTalkHttpAnswer,
  type DingTalkErrorBody,
  type DingTalkHttpAnswer,
} from './filters/dingtalk-error-status.mapper';
export { GATEWAY_ERRORS } from './filters/gateway-error-status.mapper';
export { REQUEST_ID } from './request-id/request-id.util';
