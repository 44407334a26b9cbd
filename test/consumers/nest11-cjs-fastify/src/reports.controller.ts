import { Body, Controller, Post, ValidationPipe } from '@nestjs/common';
import { ConvFileService, type ConvFileResponse } from '@nest-dingtalk/conv-file';
import { IsDingTalkId, toDingTalkValidationError } from '@nest-dingtalk/conv-file/validation';

class ShareReportDto {
  @IsDingTalkId()
  unionId!: string;
}

/** A route of this app that sends a file through the library's service. */
@Controller('reports')
export class ReportsController {
  constructor(private readonly convFiles: ConvFileService) {}

  @Post('share')
  share(
    @Body(
      new ValidationPipe({
        whitelist: true,
        forbidNonWhitelisted: true,
        exceptionFactory: (errors) => toDingTalkValidationError(errors),
      }),
    )
    body: ShareReportDto,
  ): Promise<ConvFileResponse> {
    return this.convFiles.sendByApp({
      unionId: body.unionId,
      spaceId: 'space-project',
      dentryId: 'dentry-report',
    });
  }
}
