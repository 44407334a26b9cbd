import { DingTalkIdProperty } from './is-dingtalk-id.decorator';

/** The `unionId` query parameter every convFile API takes. */
export class UnionIdQueryDto {
  /** The operator's unionId, or for SendByApp the recipient's. */
  @DingTalkIdProperty(
    'The unionId of the operator; for SendByApp, of the user who receives the file.',
    'union-alice',
  )
  unionId!: string;
}
