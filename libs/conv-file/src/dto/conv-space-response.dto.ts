import { ApiProperty } from '@nestjs/swagger';

/** A group chat's storage space (exported as the type `ConvSpaceInfo`). */
export class ConvSpaceInfoDto {
  [field: string]: unknown;

  @ApiProperty({ description: 'The space ID.', example: 'space-project' })
  spaceId!: string;

  @ApiProperty({ description: 'The organization (corp) ID.', example: 'ding-sandbox-corp' })
  corpId!: string;

  @ApiProperty({ description: 'Creation time, ISO 8601.', example: '2024-01-01T09:00:00Z' })
  createTime!: string;

  @ApiProperty({
    description: 'Last modification time, ISO 8601.',
    example: '2024-03-01T09:00:00Z',
  })
  modifiedTime!: string;
}

/** Answer of GetSpace (exported as the type `ConvSpaceResponse`). */
export class ConvSpaceResponseDto {
  [field: string]: unknown;

  @ApiProperty({ description: "The group chat's storage space.", type: ConvSpaceInfoDto })
  space!: ConvSpaceInfoDto;
}
