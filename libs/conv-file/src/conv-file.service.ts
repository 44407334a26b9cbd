import { Injectable } from '@nestjs/common';
import { validateConvFileInput } from './dto/conv-file-input.validator';
import { GetSpaceDto } from './dto/get-space.dto';
import { SendByAppDto } from './dto/send-by-app.dto';
import { SendLinkDto } from './dto/send-link.dto';
import { SendDto } from './dto/send.dto';
import { DingTalkApiClient } from './http/dingtalk-api.client';
import type { ConvFileResponse, ConvSpaceResponse } from './interfaces/conv-file-info.interface';

/**
 * DingTalk's four convFile APIs. Every method checks its input before any network call
 * (throwing {@link DingTalkValidationError}) and resolves to DingTalk's own answer body.
 */
@Injectable()
export class ConvFileService {
  constructor(private readonly api: DingTalkApiClient) {}

  /**
   * Sends a link to a file to a group chat, as the user `unionId`.
   * @see https://help.dingtalk.io/open/development/send-a-file-link-to-the-specified-session
   */
  async sendLink(input: SendLinkDto): Promise<ConvFileResponse> {
    const { unionId, spaceId, dentryId, openConversationId } = validateConvFileInput(
      SendLinkDto,
      input,
      'SendLink',
    );
    const answer = await this.api.call('SendLink', unionId, {
      spaceId,
      dentryId,
      openConversationId,
    });
    return withNumericFileFields(answer) as ConvFileResponse;
  }

  /**
   * Sends a file to the user `unionId`, as the app. Files only, not folders.
   * @see https://help.dingtalk.io/open/development/sends-a-storage-file-to-a-specified-user
   */
  async sendByApp(input: SendByAppDto): Promise<ConvFileResponse> {
    const { unionId, spaceId, dentryId } = validateConvFileInput(SendByAppDto, input, 'SendByApp');
    const answer = await this.api.call('SendByApp', unionId, { spaceId, dentryId });
    return withNumericFileFields(answer) as ConvFileResponse;
  }

  /**
   * Sends a file to a group chat, as the user `unionId`.
   * @see https://help.dingtalk.io/open/development/send-file-to-specified-session
   */
  async send(input: SendDto): Promise<ConvFileResponse> {
    const { unionId, spaceId, dentryId, openConversationId } = validateConvFileInput(
      SendDto,
      input,
      'Send',
    );
    const answer = await this.api.call('Send', unionId, { spaceId, dentryId, openConversationId });
    return withNumericFileFields(answer) as ConvFileResponse;
  }

  /**
   * Gets the storage space of a group chat, as the user `unionId`.
   * @see https://help.dingtalk.io/open/development/obtain-group-storage-space-information
   */
  async getSpace(input: GetSpaceDto): Promise<ConvSpaceResponse> {
    const { unionId, openConversationId } = validateConvFileInput(GetSpaceDto, input, 'GetSpace');
    return (await this.api.call('GetSpace', unionId, { openConversationId })) as ConvSpaceResponse;
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
