import { ApiProperty } from '@nestjs/swagger';
import { MAX_ID_LENGTH } from '../conv-file.constants';
import { IsDingTalkId } from './is-dingtalk-id.decorator';

/** The `unionId` query parameter every convFile API takes. */
export class UnionIdQueryDto {
  /** The operator's unionId, or for SendByApp the recipient's. */
  @ApiProperty({
    description: 'The unionId of the operator; for SendByApp, of the user who receives the file.',
    example: 'union-alice',
    maxLength: MAX_ID_LENGTH,
  })
  @IsDingTalkId()
  unionId!: string;
}
