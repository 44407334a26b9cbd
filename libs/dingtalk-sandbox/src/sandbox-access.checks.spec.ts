import { createDingTalkSandbox, type DingTalkSandbox } from './sandbox.server';
import { callConvFile, fetchToken, PATHS } from '../testing/sandbox-http.test-helper';

describe('access checks', () => {
  let sandbox: DingTalkSandbox | undefined;
  afterEach(() => sandbox?.close());

  it("accepts an app's token when a suite with the same key is authorized in the app's corp", async () => {
    sandbox = await createDingTalkSandbox({
      rateLimit: false,
      world: {
        apps: [{ appKey: 'shared', appSecret: 'shared-secret', corpId: 'corp', scopes: [] }],
        suites: [
          {
            suiteKey: 'shared',
            suiteSecret: 'suite-secret',
            suiteTicket: 'ticket',
            authorizedCorpIds: ['corp'],
            scopes: [],
          },
        ],
        users: [{ unionId: 'union', corpId: 'corp' }],
      },
    });
    const token = await fetchToken(sandbox, 'shared', 'shared-secret');

    const res = await callConvFile(sandbox, PATHS.getSpace, token, 'union', {
      openConversationId: 'cid',
    });

    // Past authentication: refused for the scope the app lacks, not as a revoked token.
    expect(res.status).toBe(403);
    expect(res.json).toMatchObject({ code: 'Forbidden.AccessDenied.AccessTokenPermissionDenied' });
  });
});
