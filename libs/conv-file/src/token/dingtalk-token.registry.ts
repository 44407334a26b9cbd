import type { ResolvedConvFileApp } from '../options/conv-file-options.resolver';
import type { TokenServiceParts } from './cached-token.service';
import { AppTokenService } from './app-token.service';
import { CorpTokenService } from './corp-token.service';
import type { DingTalkTokenService } from './dingtalk-token.service';
import { ProviderTokenService } from './provider-token.service';
import { providedSuiteTickets, type StoredSuiteTickets } from './suite-ticket.source';

/**
 * The token service of each (app, organization), created on first use and kept: one cache, one
 * in-flight fetch and one shared-store key per pair, so no app ever gets another's token.
 */
export class DingTalkTokenRegistry {
  private readonly services = new Map<string, DingTalkTokenService>();

  /**
   * @param created services made beforehand, by app name (a token provider class is created
   * through Nest's DI, which is asynchronous).
   */
  constructor(
    private readonly parts: TokenServiceParts,
    private readonly tickets: StoredSuiteTickets,
    created: ReadonlyMap<string, DingTalkTokenService> = new Map(),
  ) {
    for (const [app, service] of created) this.services.set(keyOf(app), service);
  }

  /** The apps' token services; `corpId` is set exactly for a third-party app (checked by the caller). */
  tokensFor(app: ResolvedConvFileApp, corpId?: string): DingTalkTokenService {
    const key = keyOf(app.name, corpId);
    let service = this.services.get(key);
    if (!service) {
      service = this.create(app, corpId);
      this.services.set(key, service);
    }
    return service;
  }

  private create(app: ResolvedConvFileApp, corpId: string | undefined): DingTalkTokenService {
    const source = app.tokenSource;
    switch (source.kind) {
      case 'credentials':
        return new AppTokenService(this.parts, app.name, source);
      case 'suite': {
        const tickets = source.suiteTicketProvider
          ? providedSuiteTickets(app.name, source.suiteKey, source.suiteTicketProvider)
          : this.tickets.sourceFor(app.name, source.suiteKey);
        return new CorpTokenService(this.parts, app.name, source, corpId!, tickets);
      }
      case 'provider':
        return new ProviderTokenService(source.provider);
      case 'providerClass':
        // Created beforehand (see the constructor); never reached.
        throw new Error(`token provider class of ${app.name} was not created`);
    }
  }
}

/**
 * Every app's services are keyed apart; a NUL cannot be part of an app name or a corpId. An app
 * is used either always with a corpId (third-party) or never (internal), so no key can be both.
 */
function keyOf(app: string, corpId?: string): string {
  // Stryker disable next-line StringLiteral: any text keys an app without a corpId apart, as no app has both
  return `${app}\u0000${corpId ?? ''}`;
}
