import { DingTalkAuthError } from '../errors/dingtalk-auth.error';
import { ConvFileErrorCodes } from '../errors/dingtalk-error.codes';
import { DingTalkError } from '../errors/dingtalk.error';
import { DingTalkErrorMessages } from '../messages/dingtalk-error.messages';
import type { DingTalkSuiteTicketProvider } from '../options/conv-file-module-options.interface';
import type { DingTalkTokenStore } from '../options/dingtalk-token-store.interface';

/**
 * How long a pushed ticket is kept in the shared store. DingTalk pushes a new one about every 20
 * minutes; one that old is most likely rotated already, but it is still the best guess.
 */
const TICKET_KEPT_MS = 12 * 3600_000;

/** Where a third-party app's newest suite ticket comes from, chosen once per app. */
export interface SuiteTicketSource {
  /** The newest ticket; throws a typed error when none is known. */
  latest(): Promise<string>;
}

/**
 * Suite tickets received from DingTalk's event push, kept in the module's shared token store so
 * that every instance uses the newest, whichever instance received it.
 */
export class StoredSuiteTickets {
  constructor(private readonly store: DingTalkTokenStore) {}

  /**
   * Keeps `ticket` unless a ticket pushed later is kept already, so that a delayed or replayed
   * push never brings back a rotated ticket.
   * @param pushedAt when DingTalk pushed it (the event's time), epoch ms.
   * @returns whether it was kept.
   */
  async save(suiteKey: string, ticket: string, pushedAt: number): Promise<boolean> {
    const expiresAt = pushedAt + TICKET_KEPT_MS;
    const stored = await this.store.get(keyOf(suiteKey));
    if (stored && stored.expiresAt >= expiresAt) return stored.accessToken === ticket;
    await this.store.set(keyOf(suiteKey), { accessToken: ticket, expiresAt }, TICKET_KEPT_MS);
    return true;
  }

  /** The source of one app: the store, read on every token fetch (rare: one per token lifetime). */
  sourceFor(app: string, suiteKey: string): SuiteTicketSource {
    return {
      latest: async () => {
        const stored = await this.store.get(keyOf(suiteKey));
        if (stored && Date.now() < stored.expiresAt) return stored.accessToken;
        throw unavailable(app);
      },
    };
  }
}

/** Tickets from the app's own `suiteTicketProvider` (Stream mode), asked on every token fetch. */
export function providedSuiteTickets(
  app: string,
  suiteKey: string,
  provider: DingTalkSuiteTicketProvider,
): SuiteTicketSource {
  return {
    latest: async () => {
      let ticket: unknown;
      try {
        ticket = await provider(suiteKey);
      } catch (error) {
        if (error instanceof DingTalkError) throw error;
        // The provider's own message may name a vault or a secret: only its kind is told.
        const reason = error instanceof Error ? error.name : typeof error;
        throw new DingTalkAuthError(DingTalkErrorMessages.suiteTicketProviderFailed(app, reason), {
          code: ConvFileErrorCodes.suiteTicketUnavailable,
          api: 'GetCorpAccessToken',
        });
      }
      if (typeof ticket === 'string' && ticket.length > 0) return ticket;
      throw unavailable(app);
    },
  };
}

function keyOf(suiteKey: string): string {
  return `suite-ticket:${suiteKey}`;
}

function unavailable(app: string): DingTalkAuthError {
  return new DingTalkAuthError(DingTalkErrorMessages.suiteTicketUnavailable(app), {
    code: ConvFileErrorCodes.suiteTicketUnavailable,
    api: 'GetCorpAccessToken',
  });
}
