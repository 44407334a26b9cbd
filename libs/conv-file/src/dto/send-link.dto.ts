import { DentryRefDto } from './dentry-ref.dto';
import { DingTalkIdProperty } from './is-dingtalk-id.decorator';

/** Body of SendLink. */
export class SendLinkBodyDto extends DentryRefDto {
  /** The target chat. */
  @DingTalkIdProperty(
    'The openConversationId of the group chat the file link is sent to.',
    'cid-project-group',
  )
  openConversationId!: string;
}

/** Input of {@link ConvFileService.sendLink}: the user `unionId` sends a file link to a chat. */
export class SendLinkDto extends SendLinkBodyDto {
  /** The operator's unionId. */
  @DingTalkIdProperty('The unionId of the operator.', 'union-alice')
  unionId!: string;
}
