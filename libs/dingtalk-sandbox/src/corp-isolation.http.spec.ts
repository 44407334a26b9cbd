import { createDingTalkSandbox, type DingTalkSandbox } from './sandbox.server';
import {
  callConvFile,
  fetchCorpToken,
  fetchToken,
  manualClock,
  PATHS,
} from '../testing/sandbox-http.test-helper';
import { twoCorpWorld } from '../testing/two-corps.test-world';

type Letter = 'a' | 'b';

/** Each corp's data in the two-corp world. */
const CORP = {
  a: {
    corpId: 'corp-a',
    group: 'cid-a',
    space: 'space-a',
    file: 'file-a',
    users: ['union-ann', 'union-art'],
  },
  b: {
    corpId: 'corp-b',
    group: 'cid-b',
    space: 'space-b',
    file: 'file-b',
    users: ['union-ben', 'union-bea'],
  },
} as const;

const other = (letter: Letter): Letter => (letter === 'a' ? 'b' : 'a');

type Corp = (typeof CORP)[Letter];

/** A convFile call to make, and whether it touches only the other corp's entries. */
interface Mixed {
  path: string;
  unionId: string;
  body: Record<string, string>;
  theirsOnly: boolean;
}

/** SendLink/Send by `operatorCorp`'s first user into its group, of `fileCorp`'s file. */
function inGroup(operatorCorp: Corp, fileCorp: Corp): Pick<Mixed, 'unionId' | 'body'> {
  return {
    unionId: operatorCorp.users[0],
    body: {
      spaceId: fileCorp.space,
      dentryId: fileCorp.file,
      openConversationId: operatorCorp.group,
    },
  };
}

describe('several apps, suites and corps in one world: a token answers only for its own corp', () => {
  let sandbox: DingTalkSandbox;
  /** Tokens by caller: internal apps per corp, suite-x per corp, suite-y in corp A. */
  let tokens: Record<'app-a' | 'app-b' | 'suite-x/a' | 'suite-x/b' | 'suite-y/a', string>;

  beforeAll(async () => {
    sandbox = await createDingTalkSandbox({
      world: twoCorpWorld(),
      now: manualClock().now,
      rateLimit: false,
    });
  });
  beforeEach(async () => {
    sandbox.reset();
    tokens = {
      'app-a': await fetchToken(sandbox, 'app-a'),
      'app-b': await fetchToken(sandbox, 'app-b'),
      'suite-x/a': await fetchCorpToken(sandbox, 'suite-x', 'corp-a'),
      'suite-x/b': await fetchCorpToken(sandbox, 'suite-x', 'corp-b'),
      'suite-y/a': await fetchCorpToken(sandbox, 'suite-y', 'corp-a'),
    };
  });
  afterAll(() => sandbox.close());

  /** The callers of each corp, named by the key they are recorded under, with their token. */
  const callers: Array<[string, Letter, keyof typeof tokens, string]> = [
    ['internal app app-a', 'a', 'app-a', 'app-a'],
    ['internal app app-b', 'b', 'app-b', 'app-b'],
    ['suite-x in corp-a', 'a', 'suite-x/a', 'suite-x'],
    ['suite-x in corp-b', 'b', 'suite-x/b', 'suite-x'],
  ];

  describe.each(callers)('%s', (_name, own, tokenOf, appKey) => {
    const mine = CORP[own];
    const theirs = CORP[other(own)];

    it("calls every API on its own corp's groups, spaces and users, recorded under its app and corp", async () => {
      const token = tokens[tokenOf];
      const [operator, recipient] = mine.users;
      const inGroup = { spaceId: mine.space, dentryId: mine.file, openConversationId: mine.group };
      const answers = await Promise.all([
        callConvFile(sandbox, PATHS.sendLink, token, operator, inGroup),
        callConvFile(sandbox, PATHS.send, token, operator, inGroup),
        callConvFile(sandbox, PATHS.sendByApp, token, recipient, {
          spaceId: mine.space,
          dentryId: mine.file,
        }),
        callConvFile(sandbox, PATHS.getSpace, token, operator, { openConversationId: mine.group }),
      ]);
      expect(answers.map((res) => res.status)).toEqual([200, 200, 200, 200]);
      expect(answers[3].json.space).toMatchObject({ spaceId: mine.space, corpId: mine.corpId });
      expect(
        sandbox
          .deliveries()
          .map((d) => [d.api, d.appKey, d.corpId])
          .sort(),
      ).toEqual(
        [
          ['SendLink', appKey, mine.corpId],
          ['Send', appKey, mine.corpId],
          ['SendByApp', appKey, mine.corpId],
        ].sort(),
      );
    });

    /** A call that mixes in the other corp's entries; `theirsOnly` when it uses nothing of its own. */
    const refusals: Array<[string, () => Mixed, number, string]> = [
      [
        "the other corp's group (GetSpace)",
        () => ({
          path: PATHS.getSpace,
          unionId: theirs.users[0],
          body: { openConversationId: theirs.group },
          theirsOnly: true,
        }),
        404,
        'conversationNotExist',
      ],
      [
        "the other corp's group (SendLink)",
        () => ({ path: PATHS.sendLink, ...inGroup(theirs, theirs), theirsOnly: true }),
        404,
        'conversationNotExist',
      ],
      [
        "the other corp's group (Send)",
        () => ({ path: PATHS.send, ...inGroup(theirs, theirs), theirsOnly: true }),
        404,
        'conversationNotExist',
      ],
      [
        "the other corp's space, posted to its own group (SendLink)",
        () => ({ path: PATHS.sendLink, ...inGroup(mine, theirs), theirsOnly: false }),
        404,
        'spaceNotExist',
      ],
      [
        "the other corp's user, sent its own file (SendByApp)",
        () => ({
          path: PATHS.sendByApp,
          unionId: theirs.users[0],
          body: { spaceId: mine.space, dentryId: mine.file },
          theirsOnly: false,
        }),
        400,
        'paramError',
      ],
      [
        "the other corp's space, sent to its own user (SendByApp)",
        () => ({
          path: PATHS.sendByApp,
          unionId: mine.users[0],
          body: { spaceId: theirs.space, dentryId: theirs.file },
          theirsOnly: false,
        }),
        404,
        'spaceNotExist',
      ],
    ];

    it.each(refusals)(
      'is refused on %s as DingTalk does, delivering nothing',
      async (_what, mixed, status, code) => {
        const { path, unionId, body, theirsOnly } = mixed();
        const refused = await callConvFile(sandbox, path, tokens[tokenOf], unionId, body);
        expect([refused.status, refused.json.code]).toEqual([status, code]);
        expect(sandbox.deliveries()).toEqual([]);
        if (theirsOnly) {
          // The very same call succeeds with the other corp's own app: only the token differs.
          const theirToken = tokens[own === 'a' ? 'app-b' : 'app-a'];
          expect((await callConvFile(sandbox, path, theirToken, unionId, body)).status).toBe(200);
        }
      },
    );
  });

  it('keeps two suites in one corp apart: each token carries its own suite and scopes', async () => {
    const body = { spaceId: 'space-a', dentryId: 'file-a' };
    const x = await callConvFile(sandbox, PATHS.sendByApp, tokens['suite-x/a'], 'union-ann', body);
    const y = await callConvFile(sandbox, PATHS.sendByApp, tokens['suite-y/a'], 'union-ann', body);
    expect(x.status).toBe(200);
    expect([y.status, y.json.code]).toEqual([
      403,
      'Forbidden.AccessDenied.AccessTokenPermissionDenied',
    ]);
    const space = await callConvFile(sandbox, PATHS.getSpace, tokens['suite-y/a'], 'union-ann', {
      openConversationId: 'cid-a',
    });
    expect(space.json.space.corpId).toBe('corp-a');
    expect(sandbox.deliveries().map((d) => d.appKey)).toEqual(['suite-x']);
    expect(x.json.file.conversationId).not.toBe(
      (await callConvFile(sandbox, PATHS.sendByApp, tokens['app-a'], 'union-ann', body)).json.file
        .conversationId,
    );
  });

  it('counts token fetches and calls per caller: app, or suite and corp', async () => {
    await fetchToken(sandbox, 'app-a');
    await fetchCorpToken(sandbox, 'suite-x', 'corp-b');
    await callConvFile(sandbox, PATHS.getSpace, tokens['app-a'], 'union-ann', {
      openConversationId: 'cid-a',
    });
    await callConvFile(sandbox, PATHS.getSpace, tokens['app-a'], 'union-ben', {
      openConversationId: 'cid-b',
    });
    await callConvFile(sandbox, PATHS.sendByApp, tokens['suite-x/b'], 'union-ben', {
      spaceId: 'space-b',
      dentryId: 'file-b',
    });
    await callConvFile(sandbox, PATHS.sendByApp, tokens['suite-y/a'], 'union-ann', {
      spaceId: 'space-a',
      dentryId: 'file-a',
    });
    await callConvFile(sandbox, PATHS.getSpace, 'not-a-token', 'union-ann', {
      openConversationId: 'cid-a',
    });
    const stats = sandbox.stats();
    expect(stats.tokenFetches).toBe(7);
    expect(stats.tokenFetchesBy).toEqual({
      'app:app-a': 2,
      'app:app-b': 1,
      'suite:suite-x/corp-a': 1,
      'suite:suite-x/corp-b': 2,
      'suite:suite-y/corp-a': 1,
    });
    // Refused calls count for the caller whose token was accepted; a bad token counts for nobody.
    expect(stats.callsBy).toEqual({
      'app:app-a': { GetSpace: 2 },
      'suite:suite-x/corp-b': { SendByApp: 1 },
      'suite:suite-y/corp-a': { SendByApp: 1 },
    });
    expect(stats.requests.GetSpace).toBe(3);
    sandbox.reset();
    expect(sandbox.stats()).toMatchObject({ tokenFetches: 0, tokenFetchesBy: {}, callsBy: {} });
  });
});

describe('the default world: two internal apps and a suite in two corps, in one sandbox', () => {
  let sandbox: DingTalkSandbox;

  beforeAll(async () => {
    sandbox = await createDingTalkSandbox();
  });
  afterAll(() => sandbox.close());

  it("serves each caller its own corp's files, and refuses the others'", async () => {
    const sandboxApp = await fetchToken(sandbox, 'sandbox-app-key');
    const otherApp = await fetchToken(sandbox, 'other-corp-app-key');
    const suiteHome = await fetchCorpToken(sandbox, 'sandbox-suite-key', 'ding-sandbox-corp');
    const suiteCustomer = await fetchCorpToken(sandbox, 'sandbox-suite-key', 'ding-customer-corp');
    const contract = { spaceId: 'space-customer', dentryId: 'dentry-contract' };
    const report = { spaceId: 'space-project', dentryId: 'dentry-report' };

    const sent = await Promise.all([
      callConvFile(sandbox, PATHS.sendByApp, suiteCustomer, 'union-frank', contract),
      callConvFile(sandbox, PATHS.sendByApp, suiteHome, 'union-alice', report),
      callConvFile(sandbox, PATHS.sendByApp, sandboxApp, 'union-bob', report),
      callConvFile(sandbox, PATHS.sendByApp, otherApp, 'union-erin', {
        spaceId: 'space-other',
        dentryId: 'dentry-other',
      }),
    ]);
    expect(sent.map((res) => res.status)).toEqual([200, 200, 200, 200]);
    const refused = await Promise.all([
      callConvFile(sandbox, PATHS.sendByApp, suiteHome, 'union-frank', contract),
      callConvFile(sandbox, PATHS.sendByApp, sandboxApp, 'union-frank', contract),
      callConvFile(sandbox, PATHS.getSpace, suiteCustomer, 'union-alice', {
        openConversationId: 'cid-project-group',
      }),
    ]);
    expect(refused.map((res) => res.json.code)).toEqual([
      'paramError',
      'paramError',
      'conversationNotExist',
    ]);
    expect(
      sandbox
        .deliveries()
        .map((d) => `${d.appKey}@${d.corpId}`)
        .sort(),
    ).toEqual([
      'other-corp-app-key@ding-other-corp',
      'sandbox-app-key@ding-sandbox-corp',
      'sandbox-suite-key@ding-customer-corp',
      'sandbox-suite-key@ding-sandbox-corp',
    ]);
    expect(sandbox.stats().tokenFetchesBy).toEqual({
      'app:sandbox-app-key': 1,
      'app:other-corp-app-key': 1,
      'suite:sandbox-suite-key/ding-sandbox-corp': 1,
      'suite:sandbox-suite-key/ding-customer-corp': 1,
    });
    expect(sandbox.pushes()).toEqual([]);
  });
});
