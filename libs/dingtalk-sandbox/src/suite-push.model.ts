/** The events the sandbox pushes to a suite's callback URL, named by their `EventType`. */
export type SandboxPushEvent = 'suite_ticket' | 'check_url';

/** Options of `sandbox.pushCheckUrl`. */
export interface SandboxCheckUrlOptions {
  /** Where to post the event. @default the suite's `callback.url` */
  url?: string;
}

/** Options of `sandbox.pushSuiteTicket`. */
export interface SandboxPushOptions extends SandboxCheckUrlOptions {
  /**
   * Whether to rotate the suite's ticket to a new random value before pushing it; the old ticket
   * stops being accepted at once, whether or not the push is delivered. `false` pushes the current
   * ticket again. @default true
   */
  rotate?: boolean;
}

/** One push and what came of it, as `sandbox.pushes()` records it. */
export interface SandboxPush {
  readonly suiteKey: string;
  readonly event: SandboxPushEvent;
  /** The ticket pushed (`suite_ticket` only): the one corpAccessToken accepts from now on. */
  readonly suiteTicket?: string;
  /** Where the push was posted, without the `signature`, `timestamp` and `nonce` query added. */
  readonly url: string;
  /**
   * Whether the app answered as DingTalk requires: HTTP 2xx with JSON
   * `{ msg_signature, timeStamp, nonce, encrypt }`, a valid signature, and `encrypt` holding
   * `success` sealed for the suiteKey. DingTalk would push an undelivered event again.
   */
  readonly delivered: boolean;
  /** The app's HTTP status, when it answered at all. */
  readonly status?: number;
  /** Why the push was not delivered. */
  readonly reason?: string;
  /** When the push was sent (ISO 8601, from the injected clock). */
  readonly at: string;
}
