import { Logger } from '@nestjs/common';
import { existsSync } from 'node:fs';
import { AppMessages } from './app.messages';
import { bootstrap } from './app.bootstrap';

// A local .env fills in what the real environment leaves unset; it is never required.
if (existsSync('.env')) process.loadEnvFile('.env');

bootstrap(process.env).catch((error: unknown) => {
  // Start-up errors (a wrong environment above all) are written for people: no stack needed.
  const message = error instanceof Error ? error.message : AppMessages.unexpectedStartError;
  new Logger('Bootstrap').fatal(`${AppMessages.startFailed}. ${message}`);
  process.exitCode = 1;
});
