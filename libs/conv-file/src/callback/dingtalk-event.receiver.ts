import { Logger } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { DingTalkLogMessages } from '../messages/dingtalk-log.messages';
import { GatewayMessages } from '../messages/gateway.messages';
import type { ResolvedConvFileOptions } from '../options/conv-file-options.resolver';
import type { StoredSuiteTickets } from '../token/suite-ticket.source';
import { DingTalkCallbackCipher } from '../utils/dingtalk-callback.cipher';

/** A push older or newer than this (DingTalk's clock against ours) is refused as a replay. */
export const EVENT_MAX_AGE_MS = 5 * 60_000;

/** One HTTP event push as received: its query parameters and parsed JSON body. */
export interface DingTalkEventPush {
  query: Record<string, unknown>;
  body: unknown;
}

/** What to answer DingTalk. */
export type DingTalkEventAnswer =
  | {
      status: 200;
      body: { msg_signature: string; timeStamp: string; nonce: string; encrypt: string };
    }
  | { status: 400 | 403 | 404; body: { code: string; message: string } };

/** Events that only check that the URL answers (app set-up in the developer console). */
const CHECK_EVENTS = new Set(['check_url', 'check_create_suite_url', 'check_update_suite_url']);

/**
 * Receives DingTalk's HTTP event push for the third-party apps that have a `callback`: checks the
 * signature and the timestamp, decrypts the event, keeps a `suite_ticket` in the shared store
 * (for every instance), and answers DingTalk's encrypted `success`. Other events are
 * acknowledged and not acted on. A refused push stores nothing.
 */
export class DingTalkEventReceiver {
  private readonly logger = new Logger('DingTalkEvents');
  private readonly apps = new Map<string, { suiteKey: string; cipher: DingTalkCallbackCipher }>();

  constructor(
    options: ResolvedConvFileOptions,
    private readonly tickets: StoredSuiteTickets,
    private readonly now: () => number = Date.now,
  ) {
    for (const { name, tokenSource: source } of Object.values(options.apps)) {
      if (source.kind !== 'suite' || !source.callback) continue;
      const { token, aesKey } = source.callback;
      const cipher = new DingTalkCallbackCipher(token, aesKey, source.suiteKey);
      this.apps.set(name, { suiteKey: source.suiteKey, cipher });
    }
  }

  async receive(app: string, push: DingTalkEventPush): Promise<DingTalkEventAnswer> {
    const target = this.apps.get(app);
    if (!target) return refuse(404, 'appNotFound', GatewayMessages.eventAppUnknown);
    const signature = text(push.query.msg_signature) ?? text(push.query.signature);
    const timestamp = text(push.query.timeStamp) ?? text(push.query.timestamp);
    const nonce = text(push.query.nonce);
    const encrypted = text((push.body as { encrypt?: unknown } | null)?.encrypt);
    if (!signature || !timestamp || !nonce || !encrypted) {
      return refuse(400, 'invalidEventPush', GatewayMessages.eventPushIncomplete);
    }
    const sentAt = Number(timestamp);
    if (!Number.isFinite(sentAt) || Math.abs(this.now() - sentAt) > EVENT_MAX_AGE_MS) {
      return refuse(403, 'staleEventPush', GatewayMessages.eventPushStale);
    }
    const { cipher, suiteKey } = target;
    if (!cipher.verify(signature, timestamp, nonce, encrypted)) {
      return refuse(403, 'invalidSignature', GatewayMessages.eventSignatureInvalid);
    }
    const event = parseEvent(cipher.decrypt(encrypted));
    if (!event) return refuse(400, 'invalidEventPush', GatewayMessages.eventUnreadable);
    const type = event.EventType;
    if (type === 'suite_ticket') {
      const ticket = text(event.SuiteTicket);
      if (!ticket || event.SuiteKey !== suiteKey) {
        return refuse(400, 'invalidEventPush', GatewayMessages.eventUnreadable);
      }
      const pushedAt = Number(text(event.TimeStamp) ?? sentAt);
      await this.tickets.save(suiteKey, ticket, Number.isFinite(pushedAt) ? pushedAt : sentAt);
      this.logger.log(DingTalkLogMessages.suiteTicketReceived(app));
    } else if (!CHECK_EVENTS.has(String(type))) {
      this.logger.debug(DingTalkLogMessages.eventIgnored(app, String(type).slice(0, 64)));
    }
    return this.success(cipher);
  }

  /** DingTalk retries a push until it gets `success`, encrypted and signed like the push. */
  private success(cipher: DingTalkCallbackCipher): DingTalkEventAnswer {
    const timeStamp = String(this.now());
    const nonce = randomBytes(8).toString('hex');
    const encrypt = cipher.encrypt('success');
    const msg_signature = cipher.signature(timeStamp, nonce, encrypt);
    return { status: 200, body: { msg_signature, timeStamp, nonce, encrypt } };
  }
}

function refuse(status: 400 | 403 | 404, code: string, message: string): DingTalkEventAnswer {
  return { status, body: { code, message } };
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value.length > 0 ? value : undefined;
}

function parseEvent(message: string | undefined): Record<string, unknown> | undefined {
  if (message === undefined) return undefined;
  try {
    // Stryker disable BlockStatement: the catch clause's body, emptied, returns undefined too
    const event: unknown = JSON.parse(message);
    // Stryker disable next-line ConditionalExpression: null is refused by the caller's !event as well; this check keeps the type honest
    return event !== null && typeof event === 'object' && !Array.isArray(event)
      ? (event as Record<string, unknown>)
      : undefined;
  } catch {
    // Stryker restore BlockStatement
    return undefined;
  }
}
