import { IsDingTalkId } from './is-dingtalk-id.decorator';

/** A file (dentry) in a DingTalk space. */
export class DentryRefDto {
  /** The space holding the file. */
  @IsDingTalkId()
  spaceId!: string;

  /** The file's id (a dentry id). */
  @IsDingTalkId()
  dentryId!: string;
}
