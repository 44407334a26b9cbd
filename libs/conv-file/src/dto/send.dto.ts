import { DentryRefDto } from './dentry-ref.dto';
import { IsDingTalkId } from './is-dingtalk-id.decorator';

/** Body of Send. */
export class SendBodyDto extends DentryRefDto {
  /** The target chat. */
  @IsDingTalkId()
  openConversationId!: string;
}

/** Input of {@link ConvFileService.send}: the user `unionId` sends a file to a chat. */
export class SendDto extends SendBodyDto {
  /** The operator's unionId. */
  @IsDingTalkId()
  unionId!: string;
}
