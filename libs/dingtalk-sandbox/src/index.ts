export { createDingTalkSandbox } from './sandbox.server';
export type { DingTalkSandbox } from './sandbox.server';
export type { DingTalkSandboxOptions } from './sandbox.options';
export type { SandboxRateLimit } from './sandbox-rate-limiter';
export type { SandboxStats } from './sandbox-stats';
export type { SandboxDelivery } from './delivery.model';
export type { SandboxApi, SandboxDeliveryApi } from './sandbox-apis';
export { CONV_FILE_SCOPES } from './sandbox-apis';
export type {
  SandboxDropFault,
  SandboxErrorFault,
  SandboxFaultInjector,
  SandboxFaultsSnapshot,
  SandboxIpBlockFault,
  SandboxQueuedFault,
} from './sandbox-faults';
export { SandboxWorld } from './sandbox-world';
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
  SandboxSuiteInit,
  SandboxUserInit,
  SandboxWorldInit,
} from './world.model';
