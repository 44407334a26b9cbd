import { DentryRefDto } from './dentry-ref.dto';
import { IsDingTalkId } from './is-dingtalk-id.decorator';

/** Body of SendByApp. */
export class SendByAppBodyDto extends DentryRefDto {}

/** Input of {@link ConvFileService.sendByApp}: the app sends a file to the user `unionId`. */
export class SendByAppDto extends SendByAppBodyDto {
  /** The recipient's unionId. */
  @IsDingTalkId()
  unionId!: string;
}
