import type { SendInput } from './conv-file-input.interface';
import { DentryRefDto } from './dentry-ref.dto';
import { DingTalkIdProperty } from './dingtalk-id-property.decorator';

/** Body of Send (OpenAPI). */
export class SendBodyDto extends DentryRefDto implements Omit<SendInput, 'unionId'> {
  @DingTalkIdProperty(
    'The openConversationId of the group chat the file is sent to.',
    'cid-project-group',
  )
  openConversationId!: string;
}
