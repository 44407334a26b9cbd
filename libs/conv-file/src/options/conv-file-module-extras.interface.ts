import type { ConvFileHttpOptions } from './conv-file-http-options.interface';

/**
 * Options of the module definition itself, given next to the module's options. They are
 * synchronous even in `forRootAsync`, because Nest needs them before any provider exists.
 */
export interface ConvFileModuleExtras {
  /**
   * Registers the module globally, so its exports can be injected in every module.
   * @default false
   */
  isGlobal?: boolean;
  /**
   * Serves DingTalk's four convFile routes from this app (see {@link ConvFileHttpOptions}).
   * @default undefined (no routes)
   */
  http?: ConvFileHttpOptions;
}
