import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { SandboxDelivery } from './delivery.model';
import type { SandboxAdminTarget } from './sandbox-admin.routes';
import { SandboxCounters, type SandboxStats } from './sandbox.counters';
import { SandboxFaults } from './sandbox-fault.injector';
import type { SandboxFaultInjector } from './sandbox-fault.model';
import { SandboxRateLimiter } from './sandbox-rate.limiter';
import { SandboxRequestHandler } from './sandbox-request.handler';
import { SandboxTokenStore } from './sandbox-token.store';
import { SandboxMessages } from './sandbox.messages';
import type { SandboxCheckUrlOptions, SandboxPush, SandboxPushOptions } from './suite-push.model';
import { SuiteTicketPusher } from './suite-ticket.pusher';
import {
  resolveSandboxOptions,
  type DingTalkSandboxOptions,
  type ResolvedSandboxOptions,
} from './sandbox.options';
import { loadSandboxWorld } from './world.loader';
import { SandboxWorld } from './world.store';

/** A running DingTalk simulator. Create it with {@link createDingTalkSandbox}. */
export class DingTalkSandbox implements SandboxAdminTarget {
  /** The live world; add apps, users, groups, spaces and dentries to it at any time. */
  readonly world: SandboxWorld;
  /** Fault injection: latency, forced errors, dropped connections, IP-block pages. */
  readonly faults: SandboxFaultInjector;

  private readonly faultQueue: SandboxFaults;
  private readonly tokens: SandboxTokenStore;
  private readonly limiter: SandboxRateLimiter;
  private readonly counters = new SandboxCounters();
  private readonly recorded: SandboxDelivery[] = [];
  private readonly shutdown = new AbortController();
  private readonly pusher: SuiteTicketPusher;
  private readonly logger: ((line: string) => void) | undefined;
  private readonly server: Server;
  private closing: Promise<void> | undefined;
  /** Set by listen(), which start() awaits: no caller sees the sandbox before. */
  private baseUrl!: string;

  private constructor(options: ResolvedSandboxOptions, world: SandboxWorld) {
    this.world = world;
    this.faultQueue = new SandboxFaults(options.latencyMs);
    this.faults = this.faultQueue;
    this.tokens = new SandboxTokenStore(options.tokenExpireInSeconds, options.now);
    this.limiter = new SandboxRateLimiter(
      options.rateLimit.limit,
      options.rateLimit.windowMs,
      options.now,
    );
    const handler = new SandboxRequestHandler({
      world,
      tokens: this.tokens,
      limiter: this.limiter,
      faults: this.faultQueue,
      counters: this.counters,
      deliveries: this.recorded,
      now: options.now,
      logger: options.logger,
      shutdown: this.shutdown.signal,
      admin: this,
    });
    this.server = createServer((req, res) => void handler.handle(req, res));
    this.logger = options.logger;
    this.pusher = new SuiteTicketPusher({
      world,
      now: options.now,
      timeoutMs: options.callbackTimeoutMs,
      shutdown: this.shutdown.signal,
      log: (line) => this.log(line),
    });
  }

  /** @internal Use {@link createDingTalkSandbox}. */
  static async start(options: DingTalkSandboxOptions): Promise<DingTalkSandbox> {
    const resolved = resolveSandboxOptions(options);
    const init =
      typeof options.world === 'string' || options.world === undefined
        ? loadSandboxWorld(options.world)
        : options.world;
    const sandbox = new DingTalkSandbox(resolved, new SandboxWorld(init));
    await sandbox.listen(resolved.host, resolved.port);
    sandbox.pushAtStart();
    return sandbox;
  }

  /** Base URL to use as DingTalk's endpoint, e.g. `http://127.0.0.1:54321` (no trailing slash). */
  get url(): string {
    return this.baseUrl;
  }

  /** Successful SendLink, SendByApp and Send calls, oldest first (a copy). */
  deliveries(): readonly SandboxDelivery[] {
    return [...this.recorded];
  }

  /** Token, request and rate counters since start or the last {@link reset}. */
  stats(): SandboxStats {
    return {
      ...this.counters.snapshot(),
      throttled: this.limiter.throttled,
      maxPerWindow: this.limiter.maxPerWindow(),
    };
  }

  /**
   * Withdraws corp `corpId`'s authorization of suite `suiteKey` (the corp uninstalls the suite):
   * corpAccessToken for it answers 400 `invalidAuthInfo`, and the suite's corp tokens already issued
   * for it answer 400 `InvalidAuthentication`. Does nothing if the corp had not authorized the suite.
   * @throws SandboxWorldError for an unknown suite or a blank corpId.
   */
  revokeAuthorization(suiteKey: string, corpId: string): void {
    this.world.revokeAuthorization(suiteKey, corpId);
  }

  /**
   * Authorizes suite `suiteKey` in corp `corpId` (again): corpAccessToken for it issues tokens once
   * more; tokens issued before a revocation stay refused. Does nothing if already authorized.
   * @throws SandboxWorldError for an unknown suite or a blank corpId.
   */
  restoreAuthorization(suiteKey: string, corpId: string): void {
    this.world.restoreAuthorization(suiteKey, corpId);
  }

  /**
   * Pushes a `suite_ticket` event to the suite's callback URL as DingTalk's HTTP event push does,
   * after rotating the ticket to a new random value (unless `rotate: false`): the old ticket stops
   * being accepted at once, delivered or not. Resolves with the outcome, also kept in
   * {@link pushes}, once the app has answered, failed or timed out (`callbackTimeoutMs`).
   * @throws (rejects) SandboxWorldError for an unknown suite; TypeError for a suite without
   * callback, without a URL to post to, or a bad option. Nothing is rotated then.
   */
  pushSuiteTicket(suiteKey: string, options: SandboxPushOptions = {}): Promise<SandboxPush> {
    return this.pusher.push(suiteKey, 'suite_ticket', options);
  }

  /**
   * Pushes a `check_url` event (`{"EventType":"check_url"}`), as DingTalk does when a callback URL
   * is registered, and checks the answer like {@link pushSuiteTicket}. The ticket is unchanged.
   */
  pushCheckUrl(suiteKey: string, options: SandboxCheckUrlOptions = {}): Promise<SandboxPush> {
    return this.pusher.push(suiteKey, 'check_url', { url: options.url });
  }

  /** Settled event pushes, oldest first (a copy), the one at start included. */
  pushes(): readonly SandboxPush[] {
    return this.pusher.pushes();
  }

  /** Clears deliveries, pushes, stats, rate windows, faults and issued tokens; the world is kept. */
  reset(): void {
    this.recorded.length = 0;
    this.pusher.clear();
    this.counters.clear();
    this.limiter.clear();
    this.faultQueue.clear();
    this.tokens.clear();
  }

  /** Stops listening and closes every connection, idle keep-alive ones included. Idempotent. */
  close(): Promise<void> {
    this.closing ??= new Promise<void>((resolve, reject) => {
      this.shutdown.abort();
      this.server.close((error) => (error ? reject(error) : resolve()));
      this.server.closeAllConnections();
    });
    return this.closing;
  }

  /**
   * Pushes the current ticket of each suite whose callback has a URL, without rotating it (the
   * world's ticket stays valid), and without making start wait for the apps.
   */
  private pushAtStart(): void {
    for (const { suiteKey, callback } of this.world.toJSON().suites) {
      if (callback?.url === undefined) continue;
      this.pusher.push(suiteKey, 'suite_ticket', { rotate: false }).catch((error: unknown) => {
        const reason = error instanceof Error ? error.message : String(error);
        this.log(SandboxMessages.logPush('suite_ticket', suiteKey, false, undefined, reason));
      });
    }
  }

  /** Hands a line to the optional logger; a logger that throws must not break a push. */
  private log(line: string): void {
    try {
      this.logger?.(line);
    } catch {
      // Ignored on purpose: logging is a side channel.
    }
  }

  /** Rejects with the server's error (a port in use) instead of emitting it with no listener. */
  private async listen(host: string, port: number): Promise<void> {
    const listening = once(this.server, 'listening');
    this.server.listen(port, host);
    await listening;
    const address = this.server.address() as AddressInfo;
    const shownHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;
    this.baseUrl = `http://${shownHost}:${address.port}`;
  }
}

/**
 * Starts a DingTalk sandbox and resolves once it listens. Point a DingTalk client's endpoint at
 * `sandbox.url`, and `await sandbox.close()` when done.
 * @example
 * const sandbox = await createDingTalkSandbox();
 * // POST `${sandbox.url}/v1.0/oauth2/accessToken` { appKey: 'sandbox-app-key', appSecret: 'sandbox-app-secret' }
 */
export function createDingTalkSandbox(
  options: DingTalkSandboxOptions = {},
): Promise<DingTalkSandbox> {
  return DingTalkSandbox.start(options);
}
