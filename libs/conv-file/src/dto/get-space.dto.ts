import { IsDingTalkId } from './is-dingtalk-id.decorator';

/** Body of GetSpace. */
export class GetSpaceBodyDto {
  /** The chat whose space is wanted. */
  @IsDingTalkId()
  openConversationId!: string;
}

/** Input of {@link ConvFileService.getSpace}. */
export class GetSpaceDto extends GetSpaceBodyDto {
  /** The operator's unionId. */
  @IsDingTalkId()
  unionId!: string;
}
