import {
  applyDecorators,
  Controller,
  HttpCode,
  HttpStatus,
  Post,
  Req,
  UseFilters,
  type Type,
} from '@nestjs/common';
import { ApiBody, ApiOkResponse, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { ConvFileService, type ConvFileClient } from '../conv-file.service';
import { ConvFileResponseDto } from '../dto/conv-file-response.dto';
import { ConvSpaceResponseDto } from '../dto/conv-space-response.dto';
import { GetSpaceBodyDto } from '../dto/get-space.dto';
import type {
  GetSpaceInput,
  SendByAppInput,
  SendInput,
  SendLinkInput,
} from '../dto/conv-file-input.interface';
import { MAX_ID_LENGTH } from '../dto/dingtalk-id.rules';
import { SendByAppBodyDto } from '../dto/send-by-app.dto';
import { SendLinkBodyDto } from '../dto/send-link.dto';
import { SendBodyDto } from '../dto/send.dto';
import { DINGTALK_ENDPOINTS, type ConvFileApiName } from '../endpoints/dingtalk-api.endpoints';
import { DingTalkHttpExceptionFilter } from '../filters/dingtalk-http-exception.filter';
import type {
  ConvFileHttpOptions,
  ConvFileRoutes,
} from '../options/conv-file-module-extras.interface';
import { ApiDingTalkErrorResponses } from './api-dingtalk-error-responses.decorator';
import { readConvFileRequest, type ConvFileHttpRequest } from './conv-file-request.reader';

const TOKEN_NOTE =
  "Uses the server's own DingTalk access token; an `x-acs-dingtalk-access-token` header sent by the caller is ignored.";

/** A route with DingTalk's contract: POST, `unionId` in the query, JSON body, 200 with DingTalk's answer. */
function ConvFileRoute(
  api: ConvFileApiName,
  summary: string,
  description: string,
  body: Type<unknown>,
  answer: { description: string; type: Type<unknown> },
): MethodDecorator {
  return applyDecorators(
    Post(DINGTALK_ENDPOINTS[api].path),
    HttpCode(HttpStatus.OK),
    ApiOperation({ operationId: api, summary, description: `${description} ${TOKEN_NOTE}` }),
    ApiQuery({
      name: 'unionId',
      required: true,
      description:
        api === 'SendByApp'
          ? 'The unionId of the user who receives the file.'
          : 'The unionId of the operator.',
      schema: { type: 'string', maxLength: MAX_ID_LENGTH, example: 'union-alice' },
    }),
    ApiBody({ type: body }),
    ApiOkResponse(answer),
  );
}

/**
 * DingTalk's four convFile routes, for `ConvFileModule.forRoot({ ..., http: convFileRoutes() })`:
 * a controller with DingTalk's contract, whose errors come in DingTalk's shape. A class is built
 * per call because the decorators (guards, OpenAPI security) are given by the importing app.
 * Each request is read and checked once ({@link readConvFileRequest}) and handed to
 * {@link ConvFileService}.
 */
export function convFileRoutes(options: ConvFileHttpOptions = {}): ConvFileRoutes {
  @ApiTags('convFile')
  @ApiDingTalkErrorResponses()
  @applyDecorators(...(options.decorators ?? []))
  @Controller()
  @UseFilters(DingTalkHttpExceptionFilter)
  class ConvFileController {
    constructor(private readonly convFiles: ConvFileService) {}

    /** The app the request is made as: the one `appFor` names (after the guards ran), else the default. */
    private clientFor(request: ConvFileHttpRequest): ConvFileClient {
      const choice = options.appFor?.(request as never);
      return choice ? this.convFiles.forApp(choice.app, { corpId: choice.corpId }) : this.convFiles;
    }

    @ConvFileRoute(
      'SendLink',
      'Send a file link to a group chat',
      'The user `unionId` sends a link to a file of a space to a group chat they belong to.',
      SendLinkBodyDto,
      { description: 'The file whose link was sent.', type: ConvFileResponseDto },
    )
    sendLink(@Req() request: ConvFileHttpRequest): Promise<ConvFileResponseDto> {
      return this.clientFor(request).sendLink(
        readConvFileRequest<SendLinkInput>('SendLink', request),
      );
    }

    @ConvFileRoute(
      'SendByApp',
      'Send a file to a user, as the app',
      'The app sends a file (not a folder) to the user `unionId`.',
      SendByAppBodyDto,
      { description: 'The file that was sent.', type: ConvFileResponseDto },
    )
    sendByApp(@Req() request: ConvFileHttpRequest): Promise<ConvFileResponseDto> {
      return this.clientFor(request).sendByApp(
        readConvFileRequest<SendByAppInput>('SendByApp', request),
      );
    }

    @ConvFileRoute(
      'Send',
      'Send a file to a group chat',
      'The user `unionId` sends a file of a space to a group chat they belong to.',
      SendBodyDto,
      { description: 'The file that was sent.', type: ConvFileResponseDto },
    )
    send(@Req() request: ConvFileHttpRequest): Promise<ConvFileResponseDto> {
      return this.clientFor(request).send(readConvFileRequest<SendInput>('Send', request));
    }

    @ConvFileRoute(
      'GetSpace',
      "Get a group chat's storage space",
      'Answers the storage space of a group chat the user `unionId` belongs to.',
      GetSpaceBodyDto,
      { description: "The group chat's space.", type: ConvSpaceResponseDto },
    )
    getSpace(@Req() request: ConvFileHttpRequest): Promise<ConvSpaceResponseDto> {
      return this.clientFor(request).getSpace(
        readConvFileRequest<GetSpaceInput>('GetSpace', request),
      );
    }
  }

  return { controller: ConvFileController };
}
