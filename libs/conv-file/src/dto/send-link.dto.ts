import { DentryRefDto } from './dentry-ref.dto';
import { IsDingTalkId } from './is-dingtalk-id.decorator';

/** Body of SendLink. */
export class SendLinkBodyDto extends DentryRefDto {
  /** The target chat. */
  @IsDingTalkId()
  openConversationId!: string;
}

/** Input of {@link ConvFileService.sendLink}: the user `unionId` sends a file link to a chat. */
export class SendLinkDto extends SendLinkBodyDto {
  /** The operator's unionId. */
  @IsDingTalkId()
  unionId!: string;
}
