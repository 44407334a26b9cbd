import { Injectable } from '@nestjs/common';
import { DingTalkCallOrchestrator } from './call/dingtalk-call.orchestrator';
import type { ConvFileResponseDto as ConvFileResponse } from './dto/conv-file-response.dto';
import type { ConvSpaceResponseDto as ConvSpaceResponse } from './dto/conv-space-response.dto';
import { validateConvFileInput } from './dto/conv-file-input.validator';
import type {
  GetSpaceInput,
  SendByAppInput,
  SendInput,
  SendLinkInput,
} from './dto/conv-file-input.interface';
import type { ConvFileApiName } from './endpoints/dingtalk-api.endpoints';

/**
 * DingTalk's four convFile APIs. Every method checks its input before any network call
 * (throwing {@link DingTalkValidationError}) and resolves to DingTalk's own answer body.
 */
@Injectable()
export class ConvFileService {
  constructor(private readonly calls: DingTalkCallOrchestrator) {}

  /**
   * Sends a link to a file to a group chat, as the user `unionId`.
   * @see https://help.dingtalk.io/open/development/send-a-file-link-to-the-specified-session
   */
  async sendLink(input: SendLinkInput): Promise<ConvFileResponse> {
    return withNumericFileFields(await this.call('SendLink', input)) as ConvFileResponse;
  }

  /**
   * Sends a file to the user `unionId`, as the app. Files only, not folders.
   * @see https://help.dingtalk.io/open/development/sends-a-storage-file-to-a-specified-user
   */
  async sendByApp(input: SendByAppInput): Promise<ConvFileResponse> {
    return withNumericFileFields(await this.call('SendByApp', input)) as ConvFileResponse;
  }

  /**
   * Sends a file to a group chat, as the user `unionId`.
   * @see https://help.dingtalk.io/open/development/send-file-to-specified-session
   */
  async send(input: SendInput): Promise<ConvFileResponse> {
    return withNumericFileFields(await this.call('Send', input)) as ConvFileResponse;
  }

  /**
   * Gets the storage space of a group chat, as the user `unionId`.
   * @see https://help.dingtalk.io/open/development/obtain-group-storage-space-information
   */
  async getSpace(input: GetSpaceInput): Promise<ConvSpaceResponse> {
    return (await this.call('GetSpace', input)) as ConvSpaceResponse;
  }

  private call(api: ConvFileApiName, input: object): Promise<Record<string, unknown>> {
    const { unionId, ...body } = validateConvFileInput(api, input);
    return this.calls.call(api, { unionId }, body);
  }
}

/** DingTalk documents size and version as Long; some gateways send Longs as strings. */
function withNumericFileFields(answer: Record<string, unknown>): Record<string, unknown> {
  const file = answer.file;
  if (!file || typeof file !== 'object') return answer;
  const fixed: Record<string, unknown> = { ...(file as Record<string, unknown>) };
  for (const field of ['size', 'version']) {
    const value = fixed[field];
    if (typeof value === 'string' && /^-?\d+$/.test(value)) fixed[field] = Number(value);
  }
  return { ...answer, file: fixed };
}
