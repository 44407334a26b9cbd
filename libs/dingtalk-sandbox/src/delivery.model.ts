import type { SandboxDeliveryApi } from './sandbox-api.routes';

/** One successful SendLink, SendByApp or Send call, as recorded by the sandbox. */
export interface SandboxDelivery {
  readonly api: SandboxDeliveryApi;
  /** The calling app's appKey, or the suiteKey for a third-party corp token. */
  readonly appKey: string;
  /** The corp the token acts in. */
  readonly corpId: string;
  /** The operator (SendLink, Send) or the recipient (SendByApp). */
  readonly unionId: string;
  /** The target group; absent for SendByApp. */
  readonly openConversationId?: string;
  readonly spaceId: string;
  readonly dentryId: string;
  /** When the sandbox processed the call (ISO 8601, from the injected clock). */
  readonly at: string;
  /** The request id of the call's answer (also sent when the answer was dropped). */
  readonly requestId: string;
}
