export { createDingTalkSandbox } from './sandbox.server';
export type { DingTalkSandbox } from './sandbox.server';
export type { DingTalkSandboxOptions, SandboxRateLimit } from './sandbox.options';
export type { SandboxStats } from './sandbox.counters';
export type { SandboxDelivery } from './delivery.model';
export type {
  SandboxCheckUrlOptions,
  SandboxPush,
  SandboxPushEvent,
  SandboxPushOptions,
} from './suite-push.model';
export type { SandboxApi, SandboxDeliveryApi } from './sandbox-api.routes';
export { CONV_FILE_SCOPES } from './sandbox-api.routes';
export type {
  SandboxDropFault,
  SandboxErrorFault,
  SandboxFaultInjector,
  SandboxFaultsSnapshot,
  SandboxIpBlockFault,
  SandboxQueuedFault,
} from './sandbox-fault.model';
export {
  decryptDingTalkEvent,
  DingTalkCallbackCryptoError,
  encryptDingTalkEvent,
  signDingTalkEvent,
} from './dingtalk-callback.cipher';
export type { DingTalkDecryptedEvent } from './dingtalk-callback.cipher';
export { SandboxWorld } from './world.store';
export { SandboxWorldError } from './world.validator';
export { DEFAULT_SANDBOX_WORLD_PATH, loadSandboxWorld } from './world.loader';
export type {
  SandboxAppInit,
  SandboxConversationInit,
  SandboxDentry,
  SandboxDentryInit,
  SandboxDentryStatus,
  SandboxDentryType,
  SandboxSpace,
  SandboxSpaceInit,
  SandboxSuiteCallback,
  SandboxSuiteInit,
  SandboxUserInit,
  SandboxWorldInit,
} from './world.model';
