import { ApiProperty } from '@nestjs/swagger';
import { MAX_ID_LENGTH } from '../conv-file.constants';
import { DentryRefDto } from './dentry-ref.dto';
import { IsDingTalkId } from './is-dingtalk-id.decorator';

/** Body of SendByApp. */
export class SendByAppBodyDto extends DentryRefDto {}

/** Input of {@link ConvFileService.sendByApp}: the app sends a file to the user `unionId`. */
export class SendByAppDto extends SendByAppBodyDto {
  /** The recipient's unionId. */
  @ApiProperty({
    description: 'The unionId of the user who receives the file.',
    example: 'union-alice',
    maxLength: MAX_ID_LENGTH,
  })
  @IsDingTalkId()
  unionId!: string;
}
