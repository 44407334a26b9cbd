import type { ApiContext, ApiHandler } from './api-handler.model';
import { sandboxError } from './sandbox.error';
import { requireText } from './sandbox-request.util';

/** `POST /v1.0/oauth2/accessToken`: an internal app's token, reused and extended while valid. */
export const getAccessToken: ApiHandler = (ctx: ApiContext) => {
  const body = ctx.body();
  const appKey = requireText(body, 'appKey');
  const appSecret = requireText(body, 'appSecret');
  const app = ctx.world.app(appKey);
  if (!app || app.appSecret !== appSecret) throw sandboxError('invalidClientIdOrSecret');
  const caller = { kind: 'app', key: appKey, corpId: app.corpId } as const;
  ctx.admit(caller);
  return { body: ctx.tokens.issueForApp(appKey, app.corpId), tokenIssuedTo: caller };
};

/** `POST /v1.0/oauth2/corpAccessToken`: a third-party suite's token for one corp, new every time. */
export const getCorpAccessToken: ApiHandler = (ctx: ApiContext) => {
  const body = ctx.body();
  const suiteKey = requireText(body, 'suiteKey');
  const suiteSecret = requireText(body, 'suiteSecret');
  const authCorpId = requireText(body, 'authCorpId');
  const suiteTicket = requireText(body, 'suiteTicket');
  const suite = ctx.world.suite(suiteKey);
  if (!suite || suite.suiteSecret !== suiteSecret) throw sandboxError('invalidSuiteKey');
  if (suite.suiteTicket !== suiteTicket) throw sandboxError('invalidSuiteTicket', suiteKey);
  const grant = ctx.world.authorizationGrant(suiteKey, authCorpId);
  if (grant === undefined) throw sandboxError('invalidAuthInfo', authCorpId, suiteKey);
  const caller = { kind: 'suite', key: suiteKey, corpId: authCorpId, grant } as const;
  ctx.admit(caller);
  return { body: ctx.tokens.issueForCorp(suiteKey, authCorpId, grant), tokenIssuedTo: caller };
};
