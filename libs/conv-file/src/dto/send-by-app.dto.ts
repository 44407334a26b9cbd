import { DentryRefDto } from './dentry-ref.dto';
import { DingTalkIdProperty } from './is-dingtalk-id.decorator';

/** Body of SendByApp. */
export class SendByAppBodyDto extends DentryRefDto {}

/** Input of {@link ConvFileService.sendByApp}: the app sends a file to the user `unionId`. */
export class SendByAppDto extends SendByAppBodyDto {
  /** The recipient's unionId. */
  @DingTalkIdProperty('The unionId of the user who receives the file.', 'union-alice')
  unionId!: string;
}
