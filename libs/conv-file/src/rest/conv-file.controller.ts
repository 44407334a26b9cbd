import {
  applyDecorators,
  Body,
  Controller,
  HttpCode,
  HttpStatus,
  Post,
  Query,
  UseFilters,
  UseGuards,
  UsePipes,
  type CanActivate,
  type Type,
} from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiSecurity, ApiTags } from '@nestjs/swagger';
import { ConvFileService } from '../conv-file.service';
import { ConvFileResponseDto } from '../dto/conv-file-response.dto';
import { ConvSpaceResponseDto } from '../dto/conv-space-response.dto';
import { GetSpaceBodyDto } from '../dto/get-space.dto';
import { SendByAppBodyDto } from '../dto/send-by-app.dto';
import { SendLinkBodyDto } from '../dto/send-link.dto';
import { SendBodyDto } from '../dto/send.dto';
import { UnionIdQueryDto } from '../dto/union-id-query.dto';
import { DingTalkErrorMessages, DingTalkOptionProblems } from '../errors/dingtalk-error.messages';
import { DingTalkHttpExceptionFilter } from '../filters/dingtalk-http-exception.filter';
import { DINGTALK_ENDPOINTS } from '../http/dingtalk-api.endpoints';
import type { ConvFileResponse, ConvSpaceResponse } from '../interfaces/conv-file-info.interface';
import type { ConvFileHttpOptions } from '../interfaces/conv-file-http-options.interface';
import { ApiDingTalkErrorResponses } from './api-dingtalk-error-responses.decorator';
import { ConvFileValidationPipe } from './conv-file-validation.pipe';

const TOKEN_NOTE =
  "Uses the server's own DingTalk access token; an `x-acs-dingtalk-access-token` header sent by the caller is ignored.";

/**
 * Builds the controller serving DingTalk's four convFile routes with DingTalk's contract
 * (`POST`, `unionId` in the query, JSON body, 200 with DingTalk's answer, errors in DingTalk's
 * shape). A class is built per call because its path prefix and guards are decorator arguments.
 * `ConvFileModule.forRoot({ http })` calls it; call it yourself only to mount the routes in a
 * module of your own that provides {@link ConvFileService}.
 */
export function createConvFileController(options: ConvFileHttpOptions = {}): Type<unknown> {
  const prefix = checkedPrefix(options.prefix);
  const guards = checkedGuards(options.guards);
  const documentedSecurity = applyDecorators(
    ...checkedSecurity(options.apiSecurity).map((name) => ApiSecurity(name)),
  );

  @ApiTags('convFile')
  @ApiDingTalkErrorResponses()
  @documentedSecurity
  @Controller(prefix)
  @UseGuards(...guards)
  @UseFilters(DingTalkHttpExceptionFilter)
  class ConvFileController {
    constructor(private readonly convFiles: ConvFileService) {}

    @Post(DINGTALK_ENDPOINTS.SendLink.path)
    @HttpCode(HttpStatus.OK)
    @UsePipes(new ConvFileValidationPipe('SendLink'))
    @ApiOperation({
      operationId: 'SendLink',
      summary: 'Send a file link to a group chat',
      description: `The user \`unionId\` sends a link to a file of a space to a group chat they belong to. ${TOKEN_NOTE}`,
    })
    @ApiOkResponse({ description: 'The file whose link was sent.', type: ConvFileResponseDto })
    sendLink(
      @Query() query: UnionIdQueryDto,
      @Body() body: SendLinkBodyDto,
    ): Promise<ConvFileResponse> {
      return this.convFiles.sendLink({ ...body, unionId: query.unionId });
    }

    @Post(DINGTALK_ENDPOINTS.SendByApp.path)
    @HttpCode(HttpStatus.OK)
    @UsePipes(new ConvFileValidationPipe('SendByApp'))
    @ApiOperation({
      operationId: 'SendByApp',
      summary: 'Send a file to a user, as the app',
      description: `The app sends a file (not a folder) to the user \`unionId\`. ${TOKEN_NOTE}`,
    })
    @ApiOkResponse({ description: 'The file that was sent.', type: ConvFileResponseDto })
    sendByApp(
      @Query() query: UnionIdQueryDto,
      @Body() body: SendByAppBodyDto,
    ): Promise<ConvFileResponse> {
      return this.convFiles.sendByApp({ ...body, unionId: query.unionId });
    }

    @Post(DINGTALK_ENDPOINTS.Send.path)
    @HttpCode(HttpStatus.OK)
    @UsePipes(new ConvFileValidationPipe('Send'))
    @ApiOperation({
      operationId: 'Send',
      summary: 'Send a file to a group chat',
      description: `The user \`unionId\` sends a file of a space to a group chat they belong to. ${TOKEN_NOTE}`,
    })
    @ApiOkResponse({ description: 'The file that was sent.', type: ConvFileResponseDto })
    send(@Query() query: UnionIdQueryDto, @Body() body: SendBodyDto): Promise<ConvFileResponse> {
      return this.convFiles.send({ ...body, unionId: query.unionId });
    }

    @Post(DINGTALK_ENDPOINTS.GetSpace.path)
    @HttpCode(HttpStatus.OK)
    @UsePipes(new ConvFileValidationPipe('GetSpace'))
    @ApiOperation({
      operationId: 'GetSpace',
      summary: "Get a group chat's storage space",
      description: `Answers the storage space of a group chat the user \`unionId\` belongs to. ${TOKEN_NOTE}`,
    })
    @ApiOkResponse({ description: "The group chat's space.", type: ConvSpaceResponseDto })
    getSpace(
      @Query() query: UnionIdQueryDto,
      @Body() body: GetSpaceBodyDto,
    ): Promise<ConvSpaceResponse> {
      return this.convFiles.getSpace({ ...body, unionId: query.unionId });
    }
  }

  return ConvFileController;
}

function checkedPrefix(prefix: unknown): string {
  if (prefix === undefined) return '';
  if (typeof prefix !== 'string') invalid('http.prefix', DingTalkOptionProblems.string);
  return prefix.replace(/^\/+|\/+$/g, '');
}

function checkedGuards(guards: unknown): Array<Type<CanActivate> | CanActivate> {
  if (guards === undefined) return [];
  const isGuard = (guard: unknown): boolean =>
    typeof guard === 'function' ||
    (typeof guard === 'object' &&
      guard !== null &&
      typeof (guard as CanActivate).canActivate === 'function');
  if (!Array.isArray(guards) || !guards.every(isGuard)) {
    invalid('http.guards', DingTalkOptionProblems.guards);
  }
  return guards as Array<Type<CanActivate> | CanActivate>;
}

function checkedSecurity(names: unknown): string[] {
  if (names === undefined) return [];
  if (!Array.isArray(names) || !names.every((name) => typeof name === 'string' && name !== '')) {
    invalid('http.apiSecurity', DingTalkOptionProblems.securitySchemes);
  }
  return names as string[];
}

function invalid(option: string, problem: string): never {
  throw new Error(DingTalkErrorMessages.invalidOption(option, problem));
}
