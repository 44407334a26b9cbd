import { ApiProperty } from '@nestjs/swagger';
import { MAX_ID_LENGTH } from '../conv-file.constants';
import { IsDingTalkId } from './is-dingtalk-id.decorator';

/** A file (dentry) in a DingTalk space. */
export class DentryRefDto {
  /** The space holding the file. */
  @ApiProperty({
    description: 'The ID of the space where the file is located.',
    example: 'space-project',
    maxLength: MAX_ID_LENGTH,
  })
  @IsDingTalkId()
  spaceId!: string;

  /** The file's id (a dentry id). */
  @ApiProperty({
    description: 'The ID of the file (a dentry ID).',
    example: 'dentry-report',
    maxLength: MAX_ID_LENGTH,
  })
  @IsDingTalkId()
  dentryId!: string;
}
