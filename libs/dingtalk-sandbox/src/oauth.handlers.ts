import type { ApiContext, ApiHandler } from './api-handler.model';
import { sandboxError } from './sandbox-errors';

function requireField(body: Record<string, unknown>, field: string): string {
  const value = body[field];
  if (typeof value !== 'string' || value.trim() === '')
    throw sandboxError('tokenFieldMissing', field);
  return value;
}

/** `POST /v1.0/oauth2/accessToken`: an internal app's token, reused and extended while valid. */
export const getAccessToken: ApiHandler = (ctx: ApiContext) => {
  const body = ctx.body();
  const appKey = requireField(body, 'appKey');
  const appSecret = requireField(body, 'appSecret');
  const app = ctx.world.app(appKey);
  if (!app || app.appSecret !== appSecret) throw sandboxError('invalidClientIdOrSecret');
  ctx.admit({ kind: 'app', key: appKey, corpId: app.corpId });
  return { body: ctx.tokens.issueForApp(appKey, app.corpId), tokenIssued: true };
};

/** `POST /v1.0/oauth2/corpAccessToken`: a third-party suite's token for one corp, new every time. */
export const getCorpAccessToken: ApiHandler = (ctx: ApiContext) => {
  const body = ctx.body();
  const suiteKey = requireField(body, 'suiteKey');
  const suiteSecret = requireField(body, 'suiteSecret');
  const authCorpId = requireField(body, 'authCorpId');
  const suiteTicket = requireField(body, 'suiteTicket');
  const suite = ctx.world.suite(suiteKey);
  if (!suite || suite.suiteSecret !== suiteSecret) throw sandboxError('invalidSuiteKey');
  if (suite.suiteTicket !== suiteTicket) throw sandboxError('invalidSuiteTicket', suiteKey);
  if (!suite.authorizedCorpIds.includes(authCorpId)) {
    throw sandboxError('invalidAuthInfo', authCorpId, suiteKey);
  }
  ctx.admit({ kind: 'suite', key: suiteKey, corpId: authCorpId });
  return { body: ctx.tokens.issueForCorp(suiteKey, authCorpId), tokenIssued: true };
};
