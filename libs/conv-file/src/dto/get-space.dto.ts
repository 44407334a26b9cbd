import type { GetSpaceInput } from './conv-file-input.interface';
import { DingTalkIdProperty } from './dingtalk-id-property.decorator';

/** Body of GetSpace (OpenAPI). */
export class GetSpaceBodyDto implements Omit<GetSpaceInput, 'unionId'> {
  @DingTalkIdProperty(
    'The openConversationId of the group chat whose storage space is wanted.',
    'cid-project-group',
  )
  openConversationId!: string;
}
