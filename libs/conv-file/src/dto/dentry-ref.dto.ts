import type { DentryRef } from './conv-file-input.interface';
import { DingTalkIdProperty } from './dingtalk-id-property.decorator';

/** A file (dentry) in a DingTalk space, in a route's body (OpenAPI). */
export class DentryRefDto implements DentryRef {
  @DingTalkIdProperty('The ID of the space where the file is located.', 'space-project')
  spaceId!: string;

  @DingTalkIdProperty('The ID of the file (a dentry ID).', 'dentry-report')
  dentryId!: string;
}
