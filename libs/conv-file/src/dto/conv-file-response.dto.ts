import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

/** A file as SendLink, SendByApp and Send answer it (exported as the type `ConvFileInfo`). */
export class ConvFileInfoDto {
  /** Fields DingTalk adds later are passed through. */
  [field: string]: unknown;

  @ApiProperty({ description: 'The file ID.', example: 'dentry-report' })
  id!: string;

  @ApiProperty({
    description: 'The openConversationId of the chat the file was sent to.',
    example: 'cid-project-group',
  })
  conversationId!: string;

  @ApiProperty({ description: 'The ID of the space holding the file.', example: 'space-project' })
  spaceId!: string;

  @ApiProperty({ description: 'The ID of the parent folder; "0" at the root.', example: '0' })
  parentId!: string;

  @ApiProperty({ description: 'FILE or FOLDER.', enum: ['FILE', 'FOLDER'], example: 'FILE' })
  type!: 'FILE' | 'FOLDER' | (string & {});

  @ApiProperty({ description: 'The file name.', example: 'Q1-report.xlsx' })
  name!: string;

  @ApiProperty({ description: 'The file size in bytes.', example: 25600 })
  size!: number;

  @ApiProperty({ description: 'The file path.', example: '/Q1-report.xlsx' })
  path!: string;

  @ApiProperty({ description: 'The file version.', example: 3 })
  version!: number;

  @ApiProperty({
    description: 'NORMAL, DELETED or EXPIRED.',
    enum: ['NORMAL', 'DELETED', 'EXPIRED'],
    example: 'NORMAL',
  })
  status!: 'NORMAL' | 'DELETED' | 'EXPIRED' | (string & {});

  @ApiProperty({ description: 'The file extension.', example: 'xlsx' })
  extension!: string;

  @ApiProperty({ description: 'The unionId of the creator.', example: 'union-alice' })
  creatorId!: string;

  @ApiProperty({ description: 'The unionId of the last modifier.', example: 'union-bob' })
  modifierId!: string;

  @ApiProperty({ description: 'Creation time, ISO 8601.', example: '2024-01-02T10:00:00Z' })
  createTime!: string;

  @ApiProperty({
    description: 'Last modification time, ISO 8601.',
    example: '2024-02-15T08:30:00Z',
  })
  modifiedTime!: string;

  @ApiPropertyOptional({ description: 'An identifier; not returned by SendByApp.' })
  uuid?: string;
}

/** Answer of SendLink, SendByApp and Send (exported as the type `ConvFileResponse`). */
export class ConvFileResponseDto {
  [field: string]: unknown;

  @ApiProperty({ description: 'The file that was sent.', type: ConvFileInfoDto })
  file!: ConvFileInfoDto;
}
