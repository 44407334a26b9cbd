import { DingTalkIdProperty } from './is-dingtalk-id.decorator';

/** A file (dentry) in a DingTalk space. */
export class DentryRefDto {
  /** The space holding the file. */
  @DingTalkIdProperty('The ID of the space where the file is located.', 'space-project')
  spaceId!: string;

  /** The file's id (a dentry id). */
  @DingTalkIdProperty('The ID of the file (a dentry ID).', 'dentry-report')
  dentryId!: string;
}
