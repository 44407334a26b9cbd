import { Module } from '@nestjs/common';
import { ApiKeyService } from './api-key.service';

/** What the app's guards need; imported into ConvFileModule so the guards it runs can inject it. */
@Module({
  providers: [ApiKeyService],
  exports: [ApiKeyService],
})
export class AuthModule {}
