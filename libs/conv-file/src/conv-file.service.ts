import { Injectable } from '@nestjs/common';
import { DingTalkCallOrchestrator } from './call/dingtalk-call.orchestrator';
import {
  DingTalkCallTargets,
  type ConvFileAppChoice,
  type DingTalkCallTarget,
} from './call/dingtalk-call.targets';
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

/** DingTalk's four convFile APIs, as one app (and organization) calls them. */
export interface ConvFileClient {
  sendLink(input: SendLinkInput): Promise<ConvFileResponse>;
  sendByApp(input: SendByAppInput): Promise<ConvFileResponse>;
  send(input: SendInput): Promise<ConvFileResponse>;
  getSpace(input: GetSpaceInput): Promise<ConvSpaceResponse>;
}

/**
 * DingTalk's four convFile APIs. Every method checks its input before any network call
 * (throwing {@link DingTalkValidationError}) and resolves to DingTalk's own answer body. The
 * methods call as the default app; {@link forApp} gives the same methods for another app.
 */
@Injectable()
export class ConvFileService implements ConvFileClient {
  private readonly clients = new WeakMap<DingTalkCallTarget, ConvFileClient>();

  constructor(
    private readonly calls: DingTalkCallOrchestrator,
    private readonly targets: DingTalkCallTargets,
  ) {}

  /**
   * The four methods as the app named `app` of the `apps` option, and for a third-party app as
   * installed in the customer organization `corpId` (required for those, refused for internal
   * apps). An unknown app or a missing `corpId` throws {@link DingTalkValidationError} at once.
   */
  forApp(app: string, choice?: ConvFileAppChoice): ConvFileClient {
    const target = this.targets.resolve(app, choice);
    let client = this.clients.get(target);
    if (!client) {
      client = {
        sendLink: (input) => this.sendLinkAs(target, input),
        sendByApp: (input) => this.sendByAppAs(target, input),
        send: (input) => this.sendAs(target, input),
        getSpace: (input) => this.getSpaceAs(target, input),
      };
      this.clients.set(target, client);
    }
    return client;
  }

  /**
   * Sends a link to a file to a group chat, as the user `unionId`.
   * @see https://help.dingtalk.io/open/development/send-a-file-link-to-the-specified-session
   */
  sendLink(input: SendLinkInput): Promise<ConvFileResponse> {
    return this.sendLinkAs(undefined, input);
  }

  /**
   * Sends a file to the user `unionId`, as the app. Files only, not folders.
   * @see https://help.dingtalk.io/open/development/sends-a-storage-file-to-a-specified-user
   */
  sendByApp(input: SendByAppInput): Promise<ConvFileResponse> {
    return this.sendByAppAs(undefined, input);
  }

  /**
   * Sends a file to a group chat, as the user `unionId`.
   * @see https://help.dingtalk.io/open/development/send-file-to-specified-session
   */
  send(input: SendInput): Promise<ConvFileResponse> {
    return this.sendAs(undefined, input);
  }

  /**
   * Gets the storage space of a group chat, as the user `unionId`.
   * @see https://help.dingtalk.io/open/development/obtain-group-storage-space-information
   */
  getSpace(input: GetSpaceInput): Promise<ConvSpaceResponse> {
    return this.getSpaceAs(undefined, input);
  }

  private async sendLinkAs(target: Target, input: SendLinkInput): Promise<ConvFileResponse> {
    return withNumericFileFields(await this.call(target, 'SendLink', input)) as ConvFileResponse;
  }

  private async sendByAppAs(target: Target, input: SendByAppInput): Promise<ConvFileResponse> {
    return withNumericFileFields(await this.call(target, 'SendByApp', input)) as ConvFileResponse;
  }

  private async sendAs(target: Target, input: SendInput): Promise<ConvFileResponse> {
    return withNumericFileFields(await this.call(target, 'Send', input)) as ConvFileResponse;
  }

  private async getSpaceAs(target: Target, input: GetSpaceInput): Promise<ConvSpaceResponse> {
    return (await this.call(target, 'GetSpace', input)) as ConvSpaceResponse;
  }

  /** Input first, then the app: both are checked before anything is sent. */
  private async call(
    target: Target,
    api: ConvFileApiName,
    input: object,
  ): Promise<Record<string, unknown>> {
    const { unionId, ...body } = validateConvFileInput(api, input);
    return this.calls.call(target ?? this.targets.defaultTarget(), api, { unionId }, body);
  }
}

/** The app a call is made as; undefined for the default app. */
type Target = DingTalkCallTarget | undefined;

/** DingTalk documents size and version as Long; some gateways send Longs as strings. */
export function withNumericFileFields(answer: Record<string, unknown>): Record<string, unknown> {
  const file = answer.file;
  if (!file || typeof file !== 'object') return answer;
  const fixed: Record<string, unknown> = { ...(file as Record<string, unknown>) };
  for (const field of ['size', 'version']) {
    const value = fixed[field];
    if (typeof value === 'string' && /^-?\d+$/.test(value)) fixed[field] = Number(value);
  }
  return { ...answer, file: fixed };
}
