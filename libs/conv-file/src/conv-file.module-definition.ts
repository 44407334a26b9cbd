import { ConfigurableModuleBuilder } from '@nestjs/common';
import type { ConvFileModuleExtras } from './options/conv-file-module-extras.interface';
import type { ConvFileModuleOptions } from './options/conv-file-module-options.interface';

export const {
  ConfigurableModuleClass: ConvFileConfigurableModule,
  MODULE_OPTIONS_TOKEN: CONV_FILE_RAW_OPTIONS,
  OPTIONS_TYPE: CONV_FILE_OPTIONS_TYPE,
  ASYNC_OPTIONS_TYPE: CONV_FILE_ASYNC_OPTIONS_TYPE,
} = new ConfigurableModuleBuilder<ConvFileModuleOptions>({ moduleName: 'ConvFile' })
  .setClassMethodName('forRoot')
  .setFactoryMethodName('createConvFileOptions')
  // Every extra needs a key here, even an undefined one: forRoot() strips these keys from the
  // module's options. The routes of `http` and `events`, and `batches`, are added by ConvFileModule
  // itself.
  .setExtras<ConvFileModuleExtras>(
    { isGlobal: false, http: undefined, events: undefined, batches: undefined },
    (definition, extras) => ({
      ...definition,
      global: extras.isGlobal,
    }),
  )
  .build();

/** What `ConvFileModule.forRootAsync()` takes, for modules that wrap it. */
export type ConvFileModuleAsyncOptions = typeof CONV_FILE_ASYNC_OPTIONS_TYPE;
