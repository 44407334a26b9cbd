import { DentryRefDto } from './dentry-ref.dto';
import { DingTalkIdProperty } from './is-dingtalk-id.decorator';

/** Body of Send. */
export class SendBodyDto extends DentryRefDto {
  /** The target chat. */
  @DingTalkIdProperty(
    'The openConversationId of the group chat the file is sent to.',
    'cid-project-group',
  )
  openConversationId!: string;
}

/** Input of {@link ConvFileService.send}: the user `unionId` sends a file to a chat. */
export class SendDto extends SendBodyDto {
  /** The operator's unionId. */
  @DingTalkIdProperty('The unionId of the operator.', 'union-alice')
  unionId!: string;
}
