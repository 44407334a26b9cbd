import type { SendLinkInput } from './conv-file-input.interface';
import { DentryRefDto } from './dentry-ref.dto';
import { DingTalkIdProperty } from './dingtalk-id-property.decorator';

/** Body of SendLink (OpenAPI). */
export class SendLinkBodyDto extends DentryRefDto implements Omit<SendLinkInput, 'unionId'> {
  @DingTalkIdProperty(
    'The openConversationId of the group chat the file link is sent to.',
    'cid-project-group',
  )
  openConversationId!: string;
}
