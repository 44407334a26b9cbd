import { Module, UseGuards } from '@nestjs/common';
import { ConfigModule, ConfigService } from '@nestjs/config';
import { ConvFileModule } from '@nest-dingtalk/conv-file';
import { convFileRoutes } from '@nest-dingtalk/conv-file/http';
import { ReportsController } from './reports.controller';
import { TeamTokenGuard } from './team-token.guard';

@Module({
  imports: [
    ConfigModule.forRoot({ isGlobal: true }),
    ConvFileModule.forRootAsync({
      inject: [ConfigService],
      useFactory: (config: ConfigService) => ({
        appKey: config.getOrThrow<string>('DINGTALK_APP_KEY'),
        appSecret: config.getOrThrow<string>('DINGTALK_APP_SECRET'),
        baseUrl: config.get<string>('DINGTALK_BASE_URL'),
      }),
      http: convFileRoutes({ decorators: [UseGuards(TeamTokenGuard)] }),
    }),
  ],
  controllers: [ReportsController],
})
export class AppModule {}
