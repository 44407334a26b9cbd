export { ConvFileModule } from './conv-file.module';
export type { ConvFileModuleAsyncOptions } from './conv-file.module-definition';
export { ConvFileService } from './conv-file.service';
export { DingTalkTokenService } from './token/dingtalk-token.service';

export type {
  ConvFileModuleOptions,
  ConvFileRateLimitOptions,
  ConvFileRedisOptions,
  ConvFileRetryOptions,
} from './interfaces/conv-file-module-options.interface';
export type { ConvFileOptionsFactory } from './interfaces/conv-file-options-factory.interface';
export type { ConvFileModuleExtras } from './interfaces/conv-file-module-extras.interface';
export type { ConvFileHttpOptions } from './interfaces/conv-file-http-options.interface';
export type {
  DingTalkAccessTokenFunction,
  DingTalkAccessTokenProvider,
} from './interfaces/dingtalk-access-token-provider.interface';
export type {
  ConvFileInfo,
  ConvFileResponse,
  ConvSpaceInfo,
  ConvSpaceResponse,
} from './interfaces/conv-file-info.interface';
export type { ConvFileApiName, DingTalkApiName } from './http/dingtalk-api.endpoints';

export { SendLinkBodyDto, SendLinkDto } from './dto/send-link.dto';
export { SendByAppBodyDto, SendByAppDto } from './dto/send-by-app.dto';
export { SendBodyDto, SendDto } from './dto/send.dto';
export { GetSpaceBodyDto, GetSpaceDto } from './dto/get-space.dto';
export { UnionIdQueryDto } from './dto/union-id-query.dto';
export { IsDingTalkId } from './dto/is-dingtalk-id.decorator';
export { ConvFileInfoDto, ConvFileResponseDto } from './dto/conv-file-response.dto';
export { ConvSpaceInfoDto, ConvSpaceResponseDto } from './dto/conv-space-response.dto';
export { DingTalkErrorBodyDto, DingTalkValidationIssueDto } from './dto/dingtalk-error-body.dto';

export { ConvFileErrorCodes, type ConvFileErrorCode } from './errors/dingtalk-error.codes';
export { DingTalkError, type DingTalkErrorContext } from './errors/dingtalk.error';
export { DingTalkApiError } from './errors/dingtalk-api.error';
export { DingTalkAuthError } from './errors/dingtalk-auth.error';
export {
  DingTalkValidationError,
  type DingTalkValidationIssue,
} from './errors/dingtalk-validation.error';
export { DingTalkTimeoutError } from './errors/dingtalk-timeout.error';
export { DingTalkNetworkError } from './errors/dingtalk-network.error';
export { DingTalkRateLimitError } from './errors/dingtalk-rate-limit.error';
export { DingTalkRateLimiter } from './rate-limit/dingtalk-rate-limiter.interface';

export { DingTalkExceptionFilter } from './filters/dingtalk-exception.filter';
export { DingTalkHttpExceptionFilter } from './filters/dingtalk-http-exception.filter';
export { REQUEST_ID } from './filters/request-id.constants';
export {
  toDingTalkHttpAnswer,
  type DingTalkErrorBody,
  type DingTalkHttpAnswer,
} from './filters/dingtalk-error-status.mapper';

export { ConvFileValidationPipe } from './rest/conv-file-validation.pipe';
