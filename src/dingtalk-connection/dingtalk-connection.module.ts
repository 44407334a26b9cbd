import { Module } from '@nestjs/common';
import { DINGTALK_CONNECTION } from './dingtalk-connection.constants';
import { dingTalkConnectionProvider } from './dingtalk-connection.provider';
import { SandboxLifecycleService } from './sandbox-lifecycle.service';

/**
 * Where DingTalk calls go (DINGTALK_CONNECTION), and the in-process sandbox's lifetime in sandbox
 * mode. Imported by ConvFileModule.forRootAsync, whose options it feeds; needs the global
 * ConfigModule.
 */
@Module({
  providers: [dingTalkConnectionProvider, SandboxLifecycleService],
  exports: [DINGTALK_CONNECTION],
})
export class DingTalkConnectionModule {}
