import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  CONV_FILE_BATCH_APIS,
  CONV_FILE_BATCH_MAX_ITEMS,
  type ConvFileBatchApi,
} from '@nest-dingtalk/conv-file/batches';

/** One item: the single call's input, `unionId` included. */
export class BatchItemInputDto {
  @ApiProperty({
    description: 'The recipient (SendByApp) or the operator (Send, SendLink).',
    example: 'union-alice',
  })
  unionId!: string;

  @ApiProperty({ example: 'space-project' })
  spaceId!: string;

  @ApiProperty({ example: 'dentry-report' })
  dentryId!: string;

  @ApiPropertyOptional({
    description: 'The target chat: required for Send and SendLink, refused for SendByApp.',
    example: 'cid-project-group',
  })
  openConversationId?: string;
}

/** `POST /v1.0/convFile/batches`. */
export class CreateBatchBodyDto {
  @ApiProperty({ enum: CONV_FILE_BATCH_APIS, example: 'SendByApp' })
  api!: ConvFileBatchApi;

  @ApiProperty({
    type: [BatchItemInputDto],
    minItems: 1,
    maxItems: CONV_FILE_BATCH_MAX_ITEMS,
    description:
      'Every item is checked before anything is queued: one bad item refuses the batch (400, `details` naming `items[<index>].<field>`).',
  })
  items!: BatchItemInputDto[];
}
