import type { ConvFileModuleOptions } from './conv-file-module-options.interface';

/** Implement this on a class given to `ConvFileModule.forRootAsync({ useClass })`. */
export interface ConvFileOptionsFactory {
  createConvFileOptions(): Promise<ConvFileModuleOptions> | ConvFileModuleOptions;
}
