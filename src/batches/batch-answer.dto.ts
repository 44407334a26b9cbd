import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  CONV_FILE_BATCH_APIS,
  CONV_FILE_BATCH_ITEM_STATES,
  type ConvFileBatchApi,
  type ConvFileBatchItemState,
  type ConvFileBatchStatus,
} from '@nest-dingtalk/conv-file/batches';
import { BatchItemInputDto } from './batch-body.dto';

const BATCH_STATUSES: ConvFileBatchStatus[] = ['queued', 'running', 'done', 'cancelled'];

/** The answer of `POST /v1.0/convFile/batches`. */
export class BatchCreatedDto {
  @ApiProperty({ format: 'uuid' })
  batchId!: string;

  @ApiProperty({ enum: CONV_FILE_BATCH_APIS })
  api!: ConvFileBatchApi;

  @ApiProperty({ enum: BATCH_STATUSES })
  status!: ConvFileBatchStatus;

  @ApiProperty({ example: 2 })
  total!: number;
}

/** Items per state; they always add up to `total`. */
export class BatchCountsDto {
  @ApiProperty() queued!: number;
  @ApiProperty() running!: number;
  @ApiProperty() sent!: number;
  @ApiProperty() failed!: number;
  @ApiProperty({ description: 'May or may not have been delivered: never sent again.' })
  unknown!: number;

  @ApiProperty() cancelled!: number;
}

/** A batch's status. */
export class BatchStatusDto extends BatchCreatedDto {
  @ApiProperty({ type: BatchCountsDto })
  counts!: BatchCountsDto;

  @ApiProperty({ format: 'date-time' })
  createdAt!: string;

  @ApiProperty({
    format: 'date-time',
    nullable: true,
    type: String,
    description: 'Once no item is queued or running.',
  })
  finishedAt!: string | null;
}

/** Why an item failed or ended unknown. */
export class BatchItemErrorDto {
  @ApiProperty({ example: 'dentryNotExist' })
  code!: string;

  @ApiProperty()
  message!: string;
}

/** One item of a batch. */
export class BatchItemDto {
  @ApiProperty({ description: 'Its position in `items`, from 0.' })
  index!: number;

  @ApiProperty({ enum: CONV_FILE_BATCH_ITEM_STATES })
  state!: ConvFileBatchItemState;

  @ApiProperty({ type: BatchItemInputDto })
  input!: BatchItemInputDto;

  @ApiPropertyOptional({
    description: "DingTalk's answer, for a sent item.",
    type: 'object',
    additionalProperties: true,
  })
  result?: Record<string, unknown>;

  @ApiPropertyOptional({ type: BatchItemErrorDto })
  error?: BatchItemErrorDto;
}

/** A page of items. */
export class BatchItemPageDto {
  @ApiProperty({ type: [BatchItemDto] })
  items!: BatchItemDto[];

  @ApiProperty({ type: String, nullable: true, description: 'null on the last page.' })
  nextCursor!: string | null;
}
