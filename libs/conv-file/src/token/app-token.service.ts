import type { DingTalkApiError } from '../errors/dingtalk-api.error';
import { DingTalkAuthError } from '../errors/dingtalk-auth.error';
import { DingTalkErrorCodes } from '../errors/dingtalk-error.codes';
import { DingTalkErrorMessages } from '../messages/dingtalk-error.messages';
import type { ResolvedTokenSource } from '../options/conv-file-options.resolver';
import { CachedTokenService, type TokenServiceParts } from './cached-token.service';

type Credentials = Extract<ResolvedTokenSource, { kind: 'credentials' }>;

/**
 * An internal app's token, fetched with its credentials
 * (`POST /v1.0/oauth2/accessToken { appKey, appSecret }`), cached and shared by
 * {@link CachedTokenService}.
 * @see https://open.dingtalk.com/document/orgapp/obtain-the-access_token-of-an-internal-app
 */
export class AppTokenService extends CachedTokenService {
  protected readonly api = 'GetAccessToken';

  constructor(
    parts: TokenServiceParts,
    app: string,
    private readonly credentials: Credentials,
  ) {
    super(parts, app, `access-token:${credentials.appKey}`);
  }

  protected requestToken(): Promise<Record<string, unknown>> {
    const { appKey, appSecret } = this.credentials;
    return this.parts.retrier.run(this.api, () =>
      this.parts.transport.post(this.api, { appKey, appSecret }),
    );
  }

  protected heldRefusalOf(error: DingTalkApiError): (() => DingTalkAuthError) | undefined {
    if (error.code !== DingTalkErrorCodes.credentialsRejected) return undefined;
    let first = true;
    const { code, status, message } = error;
    return () => {
      const text = first
        ? DingTalkErrorMessages.tokenRequest(code, message)
        : DingTalkErrorMessages.credentialsRecentlyRejected(code);
      first = false;
      return new DingTalkAuthError(text, { code, api: this.api, status });
    };
  }
}
