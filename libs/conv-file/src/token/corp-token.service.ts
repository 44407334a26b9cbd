import { DingTalkApiError } from '../errors/dingtalk-api.error';
import { DingTalkAuthError } from '../errors/dingtalk-auth.error';
import { DingTalkErrorCodes } from '../errors/dingtalk-error.codes';
import { DingTalkErrorMessages } from '../messages/dingtalk-error.messages';
import type { ResolvedTokenSource } from '../options/conv-file-options.resolver';
import { CachedTokenService, type TokenServiceParts } from './cached-token.service';
import type { SuiteTicketSource } from './suite-ticket.source';

type Suite = Extract<ResolvedTokenSource, { kind: 'suite' }>;

/**
 * A third-party app's token for one customer organization
 * (`POST /v1.0/oauth2/corpAccessToken { suiteKey, suiteSecret, authCorpId, suiteTicket }`),
 * cached and shared by {@link CachedTokenService}: DingTalk answers every fetch with a new
 * token, so at most one fetch per (app, organization) is made per token lifetime.
 *
 * A refused ticket (`invalidSuiteTicket`: it rotated) is retried once with the newest ticket, if
 * a newer one is known. An organization that removed the app (`invalidAuthInfo`) and a wrong
 * suite key (`invalidSuiteKey`) are held for a while, so callers do not hammer DingTalk.
 * @see https://open.dingtalk.com/document/isvapp/obtain-the-access_token-of-the-authorized-enterprise
 */
export class CorpTokenService extends CachedTokenService {
  protected readonly api = 'GetCorpAccessToken';

  constructor(
    parts: TokenServiceParts,
    app: string,
    private readonly suite: Suite,
    private readonly corpId: string,
    private readonly tickets: SuiteTicketSource,
  ) {
    super(parts, app, `corp-token:${suite.suiteKey}:${corpId}`);
  }

  protected async requestToken(): Promise<Record<string, unknown>> {
    const ticket = await this.tickets.latest();
    try {
      return await this.fetchWith(ticket);
    } catch (error) {
      if (!isCode(error, DingTalkErrorCodes.suiteTicketRejected)) throw error;
      const newest = await this.tickets.latest();
      if (newest === ticket) throw this.asAuthError(error);
      try {
        return await this.fetchWith(newest);
      } catch (again) {
        if (isCode(again, DingTalkErrorCodes.suiteTicketRejected)) throw this.asAuthError(again);
        throw again;
      }
    }
  }

  protected heldRefusalOf(error: DingTalkApiError): (() => DingTalkAuthError) | undefined {
    const { code, status } = error;
    if (code === DingTalkErrorCodes.authorizationRevoked) {
      const message = DingTalkErrorMessages.authorizationRevoked(this.app);
      return () => new DingTalkAuthError(message, { code, api: this.api, status });
    }
    if (code === DingTalkErrorCodes.suiteKeyRejected) {
      const message = DingTalkErrorMessages.tokenRequest(code, error.message);
      return () => new DingTalkAuthError(message, { code, api: this.api, status });
    }
    return undefined;
  }

  private fetchWith(suiteTicket: string): Promise<Record<string, unknown>> {
    const { suiteKey, suiteSecret } = this.suite;
    const body = { suiteKey, suiteSecret, authCorpId: this.corpId, suiteTicket };
    return this.parts.retrier.run(this.api, () => this.parts.transport.post(this.api, body));
  }

  private asAuthError(error: DingTalkApiError): DingTalkAuthError {
    return new DingTalkAuthError(DingTalkErrorMessages.tokenRequest(error.code, error.message), {
      code: error.code,
      api: this.api,
      status: error.status,
      requestId: error.requestId,
    });
  }
}

function isCode(error: unknown, code: string): error is DingTalkApiError {
  return error instanceof DingTalkApiError && error.code === code;
}
