import { IsDingTalkId } from './is-dingtalk-id.decorator';

/** The `unionId` query parameter every convFile API takes. */
export class UnionIdQueryDto {
  /** The operator's unionId, or for SendByApp the recipient's. */
  @IsDingTalkId()
  unionId!: string;
}
