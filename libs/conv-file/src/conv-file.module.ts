import { HttpModule } from '@nestjs/axios';
import { Module } from '@nestjs/common';
import { ConvFileService } from './conv-file.service';
import { resolveConvFileOptions } from './conv-file-options.resolver';
import {
  CONV_FILE_OPTIONS,
  CONV_FILE_RAW_OPTIONS,
  ConvFileConfigurableModule,
} from './conv-file.module-definition';
import { DingTalkExceptionFilter } from './filters/dingtalk-exception.filter';
import { DingTalkApiClient } from './http/dingtalk-api.client';
import { DingTalkHttpClient } from './http/dingtalk-http.client';
import { DingTalkTokenService } from './token/dingtalk-token.service';

/**
 * DingTalk convFile APIs for a Nest app.
 *
 * ```ts
 * ConvFileModule.forRoot({ appKey, appSecret })
 * ConvFileModule.forRootAsync({ inject: [ConfigService], useFactory: (config) => ({ ... }), isGlobal: true })
 * ```
 */
@Module({
  imports: [HttpModule],
  providers: [
    {
      provide: CONV_FILE_OPTIONS,
      useFactory: resolveConvFileOptions,
      inject: [CONV_FILE_RAW_OPTIONS],
    },
    DingTalkHttpClient,
    DingTalkTokenService,
    DingTalkApiClient,
    ConvFileService,
    DingTalkExceptionFilter,
  ],
  exports: [ConvFileService, DingTalkTokenService, DingTalkExceptionFilter, CONV_FILE_OPTIONS],
})
export class ConvFileModule extends ConvFileConfigurableModule {}
