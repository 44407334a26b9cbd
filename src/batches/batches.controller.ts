import {
  Body,
  Controller,
  Delete,
  ForbiddenException,
  Get,
  Headers,
  HttpCode,
  Inject,
  Optional,
  Param,
  Post,
  Query,
  Req,
  ServiceUnavailableException,
  UnsupportedMediaTypeException,
  UseGuards,
} from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import {
  ApiAcceptedResponse,
  ApiHeader,
  ApiOkResponse,
  ApiOperation,
  ApiQuery,
  ApiResponse,
  ApiSecurity,
  ApiTags,
} from '@nestjs/swagger';
import { DingTalkValidationError } from '@nest-dingtalk/conv-file';
import {
  CONV_FILE_BATCH_ITEM_STATES,
  ConvFileBatchService,
  type ConvFileBatch,
  type ConvFileBatchItemPage,
  type ConvFileBatchItemState,
  type CreateConvFileBatchInput,
} from '@nest-dingtalk/conv-file/batches';
import { AppMessages } from '../app.messages';
import { API_KEY_HEADER } from '../auth/api-key.service';
import type { AuthenticatedRequest } from '../auth/api-client.interface';
import { ApiKeyGuard } from '../auth/api-key.guard';
import type { AppConfig } from '../config/app-config.interface';
import { API_KEY_SECURITY } from '../openapi/openapi.setup';
import { batchOwnerOf } from './batch-owner.util';
import { BatchCreatedDto, BatchItemPageDto, BatchStatusDto } from './batch-answer.dto';
import { CreateBatchBodyDto } from './batch-body.dto';

/** Where the batch routes are; their bodies get a larger limit than the single calls'. */
export const BATCHES_PATH = '/v1.0/convFile/batches';

const JSON_MEDIA_TYPE = /^application\/(?:[\w.+-]+\+)?json\s*(?:;|$)/i;
const BODY_FIELDS = ['api', 'items'];
const ITEM_QUERY = ['state', 'limit', 'cursor'];
const ERROR_SCHEMA = { $ref: '#/components/schemas/DingTalkErrorBodyDto' };

/** The error answers the batch routes may give, all in DingTalk's error shape. */
const ERRORS: ReadonlyArray<[number, string]> = [
  [400, 'Invalid body or query (`paramError`, with `details` naming `items[<index>].<field>`).'],
  [401, 'The x-api-key header is missing or not valid (`unauthorized`).'],
  [403, "An item's unionId is not one this key may act for (`forbidden`)."],
  [404, 'No batch of this API key has this id (`batchNotFound`).'],
  [409, 'The Idempotency-Key created a batch from a different body (`idempotencyKeyReused`).'],
  [503, 'Batches need Redis: REDIS_URL is not set, or Redis does not answer.'],
];

/**
 * Bulk sends (this service's own extension of DingTalk's API): a batch of up to 10,000 items for
 * SendByApp, Send or SendLink, processed in the background by every instance sharing Redis, at
 * most once per item. A batch belongs to the API key that created it, and is sent as that key's
 * app (API_KEY_APPS); the key's unionId policy (API_KEY_POLICIES) applies to every item.
 */
@ApiTags('batches')
@ApiSecurity(API_KEY_SECURITY)
@UseGuards(ApiKeyGuard)
@Controller(BATCHES_PATH.slice(1))
export class BatchesController {
  constructor(
    private readonly config: ConfigService<AppConfig, true>,
    @Optional() @Inject(ConvFileBatchService) private readonly batches?: ConvFileBatchService,
  ) {}

  @Post()
  @HttpCode(202)
  @ApiOperation({ operationId: 'CreateBatch', summary: 'Queue a batch of sends' })
  @ApiHeader({
    name: 'Idempotency-Key',
    required: false,
    description:
      'The same key with the same body returns the same batch; with a different body, 409.',
  })
  @ApiAcceptedResponse({ type: BatchCreatedDto })
  @ErrorResponses()
  async create(
    @Req() request: AuthenticatedRequest,
    @Body() body: CreateBatchBodyDto,
    @Headers('idempotency-key') idempotencyKey?: string,
  ): Promise<Pick<ConvFileBatch, 'batchId' | 'api' | 'status' | 'total'>> {
    const batches = this.service();
    const input = readBody(request, body);
    if (Array.isArray(input.items)) this.checkPolicy(request, input.items);
    const owner = ownerOf(request);
    const binding = this.config.get('apiKeyApps', { infer: true })[request.apiClient!.id];
    const batch = await batches.create(
      { api: input.api, items: input.items, ...binding } as CreateConvFileBatchInput,
      { owner, idempotencyKey },
    );
    return { batchId: batch.batchId, api: batch.api, status: batch.status, total: batch.total };
  }

  @Get(':batchId')
  @ApiOperation({ operationId: 'GetBatch', summary: "A batch's status and counts" })
  @ApiOkResponse({ type: BatchStatusDto })
  @ErrorResponses()
  get(
    @Req() request: AuthenticatedRequest,
    @Param('batchId') batchId: string,
  ): Promise<ConvFileBatch> {
    return this.service().get(batchId, { owner: ownerOf(request) });
  }

  @Get(':batchId/items')
  @ApiOperation({ operationId: 'ListBatchItems', summary: "A page of a batch's items" })
  @ApiQuery({ name: 'state', required: false, enum: CONV_FILE_BATCH_ITEM_STATES })
  @ApiQuery({
    name: 'limit',
    required: false,
    schema: { type: 'integer', default: 100, maximum: 1000 },
  })
  @ApiQuery({ name: 'cursor', required: false, description: '`nextCursor` of the page before.' })
  @ApiOkResponse({ type: BatchItemPageDto })
  @ErrorResponses()
  items(
    @Req() request: AuthenticatedRequest,
    @Param('batchId') batchId: string,
    @Query() query: Record<string, unknown>,
  ): Promise<ConvFileBatchItemPage> {
    const issues = Object.entries(query)
      .filter(([name, value]) => !ITEM_QUERY.includes(name) || typeof value !== 'string')
      .map(([name]) => ({
        field: printable(name),
        rule: 'whitelistValidation',
        message: AppMessages.batchQueryParameter(printable(name)),
      }));
    if (issues.length > 0) throw refused(issues);
    const { state, limit, cursor } = query as Record<string, string | undefined>;
    return this.service().items(
      batchId,
      {
        state: state as ConvFileBatchItemState | undefined,
        limit: limit === undefined ? undefined : /^\d{1,4}$/.test(limit) ? Number(limit) : NaN,
        cursor,
      },
      { owner: ownerOf(request) },
    );
  }

  @Delete(':batchId')
  @ApiOperation({
    operationId: 'CancelBatch',
    summary: 'Cancel the items not yet started; answers the status',
  })
  @ApiOkResponse({ type: BatchStatusDto })
  @ErrorResponses()
  cancel(
    @Req() request: AuthenticatedRequest,
    @Param('batchId') batchId: string,
  ): Promise<ConvFileBatch> {
    return this.service().cancel(batchId, { owner: ownerOf(request) });
  }

  /** The batch service, or 503 naming REDIS_URL when the app runs without Redis. */
  private service(): ConvFileBatchService {
    if (this.batches) return this.batches;
    throw new ServiceUnavailableException({
      code: 'batchesUnavailable',
      message: AppMessages.batchesNeedRedis,
    });
  }

  /** API_KEY_POLICIES: a key with a policy may only list items for its unionIds. */
  private checkPolicy(request: AuthenticatedRequest, items: unknown[]): void {
    const allowed = this.config.get('apiKeyPolicies', { infer: true })[request.apiClient!.id];
    if (!allowed) return;
    items.forEach((item, index) => {
      const unionId = (item as { unionId?: unknown } | null)?.unionId;
      // An item without a string unionId is refused by the validation, naming its field.
      if (typeof unionId === 'string' && !allowed.includes(unionId)) {
        throw new ForbiddenException({
          code: 'forbidden',
          message: AppMessages.batchUnionIdNotAllowed(index),
        });
      }
    });
  }
}

/** The body's two fields; the items themselves are checked by the library. */
function readBody(request: AuthenticatedRequest, body: unknown): { api: unknown; items: unknown } {
  const headers = request.headers;
  const hasBody = (headers['content-length'] ?? '0') !== '0' || headers['transfer-encoding'];
  if (hasBody && !JSON_MEDIA_TYPE.test(String(headers['content-type'] ?? ''))) {
    throw new UnsupportedMediaTypeException({
      code: 'unsupportedMediaType',
      message: AppMessages.batchBodyNotJson,
    });
  }
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    throw refused([{ field: 'body', rule: 'isObject', message: AppMessages.batchBodyNotObject }]);
  }
  const unknown = Object.keys(body).filter((name) => !BODY_FIELDS.includes(name));
  if (unknown.length > 0) {
    throw refused(
      unknown.map(printable).map((field) => ({
        field,
        rule: 'whitelistValidation',
        message: AppMessages.batchBodyField(field),
      })),
    );
  }
  const { api, items } = body as { api?: unknown; items?: unknown };
  return { api, items };
}

function refused(details: Array<{ field: string; rule: string; message: string }>) {
  return new DingTalkValidationError(
    AppMessages.batchRequestInvalid(details.map((issue) => issue.message)),
    { code: 'paramError', details },
  );
}

/** A caller-chosen name, safe for answers and logs: no control characters, bounded length. */
function printable(name: string): string {
  // eslint-disable-next-line no-control-regex
  return name.replace(/[\u0000-\u001f\u007f-\u009f]/g, '?').slice(0, 64);
}

/** The batch's owner: its API key's (ApiKeyGuard has checked the key). */
function ownerOf(request: AuthenticatedRequest): string {
  return batchOwnerOf(String(request.headers[API_KEY_HEADER]));
}

function ErrorResponses(): MethodDecorator {
  return (target, key, descriptor) => {
    for (const [status, description] of ERRORS) {
      ApiResponse({ status, description, schema: ERROR_SCHEMA })(target, key, descriptor);
    }
  };
}
