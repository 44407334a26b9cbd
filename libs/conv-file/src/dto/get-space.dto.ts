import { ApiProperty } from '@nestjs/swagger';
import { MAX_ID_LENGTH } from '../conv-file.constants';
import { IsDingTalkId } from './is-dingtalk-id.decorator';

/** Body of GetSpace. */
export class GetSpaceBodyDto {
  /** The chat whose space is wanted. */
  @ApiProperty({
    description: 'The openConversationId of the group chat whose storage space is wanted.',
    example: 'cid-project-group',
    maxLength: MAX_ID_LENGTH,
  })
  @IsDingTalkId()
  openConversationId!: string;
}

/** Input of {@link ConvFileService.getSpace}. */
export class GetSpaceDto extends GetSpaceBodyDto {
  /** The operator's unionId. */
  @ApiProperty({
    description: 'The unionId of the operator.',
    example: 'union-alice',
    maxLength: MAX_ID_LENGTH,
  })
  @IsDingTalkId()
  unionId!: string;
}
