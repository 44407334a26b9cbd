import { ApiProperty } from '@nestjs/swagger';
import { MAX_ID_LENGTH } from '../conv-file.constants';
import { DentryRefDto } from './dentry-ref.dto';
import { IsDingTalkId } from './is-dingtalk-id.decorator';

/** Body of SendLink. */
export class SendLinkBodyDto extends DentryRefDto {
  /** The target chat. */
  @ApiProperty({
    description: 'The openConversationId of the group chat the file link is sent to.',
    example: 'cid-project-group',
    maxLength: MAX_ID_LENGTH,
  })
  @IsDingTalkId()
  openConversationId!: string;
}

/** Input of {@link ConvFileService.sendLink}: the user `unionId` sends a file link to a chat. */
export class SendLinkDto extends SendLinkBodyDto {
  /** The operator's unionId. */
  @ApiProperty({
    description: 'The unionId of the operator.',
    example: 'union-alice',
    maxLength: MAX_ID_LENGTH,
  })
  @IsDingTalkId()
  unionId!: string;
}
