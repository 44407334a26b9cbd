import { DingTalkIdProperty } from './is-dingtalk-id.decorator';

/** Body of GetSpace. */
export class GetSpaceBodyDto {
  /** The chat whose space is wanted. */
  @DingTalkIdProperty(
    'The openConversationId of the group chat whose storage space is wanted.',
    'cid-project-group',
  )
  openConversationId!: string;
}

/** Input of {@link ConvFileService.getSpace}. */
export class GetSpaceDto extends GetSpaceBodyDto {
  /** The operator's unionId. */
  @DingTalkIdProperty('The unionId of the operator.', 'union-alice')
  unionId!: string;
}
