import { ApiProperty } from '@nestjs/swagger';
import { MAX_ID_LENGTH } from '../conv-file.constants';
import { DentryRefDto } from './dentry-ref.dto';
import { IsDingTalkId } from './is-dingtalk-id.decorator';

/** Body of Send. */
export class SendBodyDto extends DentryRefDto {
  /** The target chat. */
  @ApiProperty({
    description: 'The openConversationId of the group chat the file is sent to.',
    example: 'cid-project-group',
    maxLength: MAX_ID_LENGTH,
  })
  @IsDingTalkId()
  openConversationId!: string;
}

/** Input of {@link ConvFileService.send}: the user `unionId` sends a file to a chat. */
export class SendDto extends SendBodyDto {
  /** The operator's unionId. */
  @ApiProperty({
    description: 'The unionId of the operator.',
    example: 'union-alice',
    maxLength: MAX_ID_LENGTH,
  })
  @IsDingTalkId()
  unionId!: string;
}
