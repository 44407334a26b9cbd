import { SandboxWorld } from './world.store';
import type { SandboxWorldInit } from './world.model';
import { DEFAULT_SANDBOX_WORLD_PATH, loadSandboxWorld } from './world.loader';
import { SandboxWorldError } from './world.validator';

const T = '2024-01-01T00:00:00Z';

function smallWorld(): SandboxWorldInit {
  return {
    apps: [{ appKey: 'k', appSecret: 's', corpId: 'c', scopes: ['ConvFile.File.Send'] }],
    users: [
      { unionId: 'u1', corpId: 'c' },
      { unionId: 'u2', corpId: 'c' },
    ],
    spaces: [
      {
        spaceId: 'sp',
        corpId: 'c',
        createTime: T,
        dentries: [
          { id: 'dir', type: 'FOLDER', name: 'Docs', creatorId: 'u1', createTime: T },
          {
            id: 'f',
            type: 'FILE',
            name: 'a.tar.gz',
            parentId: 'dir',
            creatorId: 'u1',
            createTime: T,
          },
        ],
      },
    ],
    conversations: [{ openConversationId: 'cid', corpId: 'c', members: ['u1'], spaceId: 'sp' }],
  };
}

describe('default world', () => {
  const world = new SandboxWorld(loadSandboxWorld(DEFAULT_SANDBOX_WORLD_PATH));

  it('has an app with both convFile scopes and apps each missing one', () => {
    expect(world.app('sandbox-app-key')).toMatchObject({
      appSecret: 'sandbox-app-secret',
      scopes: ['ConvFile.File.Send', 'ConvFile.Space.Read'],
    });
    expect(world.app('sandbox-read-only-app-key')?.scopes).toEqual(['ConvFile.Space.Read']);
    expect(world.app('sandbox-send-only-app-key')?.scopes).toEqual(['ConvFile.File.Send']);
  });

  it('has a suite, a group with members and a space holding every kind of dentry', () => {
    expect(world.suite('sandbox-suite-key')?.authorizedCorpIds).toEqual([
      'ding-sandbox-corp',
      'ding-customer-corp',
    ]);
    expect(world.conversation('cid-project-group')?.members).toEqual(['union-alice', 'union-bob']);
    const kinds = ['dentry-report', 'dentry-designs', 'dentry-deleted', 'dentry-expired'].map(
      (id) => {
        const dentry = world.dentry('space-project', id);
        return `${dentry?.type}/${dentry?.status}`;
      },
    );
    expect(kinds).toEqual(['FILE/NORMAL', 'FOLDER/NORMAL', 'FILE/DELETED', 'FILE/EXPIRED']);
  });

  it('has apps in two corps, and a suite with a callback (no url) in two corps, each with users, a group and a space', () => {
    expect(world.app('sandbox-app-key')?.corpId).toBe('ding-sandbox-corp');
    expect(world.app('other-corp-app-key')?.corpId).toBe('ding-other-corp');
    const suite = world.suite('sandbox-suite-key');
    expect(suite?.callback).toEqual({
      token: 'sandbox-callback-token',
      aesKey: 'sandboxCallbackAesKey0123456789abcdefghijkl',
    });
    for (const [corpId, group, member, space] of [
      ['ding-sandbox-corp', 'cid-project-group', 'union-alice', 'space-project'],
      ['ding-customer-corp', 'cid-customer-group', 'union-frank', 'space-customer'],
    ]) {
      expect(suite?.authorizedCorpIds).toContain(corpId);
      expect(world.conversation(group)).toMatchObject({ corpId, spaceId: space });
      expect(world.user(member)?.corpId).toBe(corpId);
      expect(world.canRead(member, space)).toBe(true);
    }
    expect(world.dentry('space-customer', 'dentry-contract')?.type).toBe('FILE');
  });

  it('lets group members and listed readers read spaces, and nobody else', () => {
    expect(world.canRead('union-alice', 'space-project')).toBe(true);
    expect(world.canRead('union-carol', 'space-project')).toBe(false);
    expect(world.canRead('union-dave', 'space-hr')).toBe(true);
    expect(world.canRead('union-alice', 'space-hr')).toBe(false);
    expect(world.canRead('union-alice', 'no-such-space')).toBe(false);
  });
});

describe('SandboxWorld defaults', () => {
  it('derives path, extension, version, status, modifier, times and a stable uuid', () => {
    const world = new SandboxWorld(smallWorld());
    const file = world.dentry('sp', 'f');
    expect(file).toMatchObject({
      parentId: 'dir',
      path: '/Docs/a.tar.gz',
      extension: 'gz',
      size: 0,
      version: 1,
      status: 'NORMAL',
      modifierId: 'u1',
      modifiedTime: T,
    });
    expect(file?.uuid).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    expect(new SandboxWorld(smallWorld()).dentry('sp', 'f')?.uuid).toBe(file?.uuid);
    expect(world.dentry('sp', 'dir')).toMatchObject({ path: '/Docs', extension: '' });
  });

  it('round-trips through toJSON', () => {
    const world = new SandboxWorld(smallWorld());
    expect(new SandboxWorld(world.toJSON()).toJSON()).toEqual(world.toJSON());
  });
});

describe('SandboxWorld helpers', () => {
  it('adds entries from code and checks them like a file', () => {
    const world = new SandboxWorld(smallWorld())
      .addUser({ unionId: 'u3', corpId: 'c' })
      .addSpace({ spaceId: 'sp2', corpId: 'c', createTime: T, readers: ['u3'] })
      .addDentry('sp2', { id: 'x', type: 'FILE', name: 'x.txt', creatorId: 'u3', createTime: T })
      .addConversation({
        openConversationId: 'cid2',
        corpId: 'c',
        members: ['u2'],
        spaceId: 'sp2',
      });
    expect(world.canRead('u3', 'sp2')).toBe(true);
    expect(world.canRead('u2', 'sp2')).toBe(true);
    expect(world.dentry('sp2', 'x')?.extension).toBe('txt');
    expect(() => world.addUser({ unionId: 'u3', corpId: 'c' })).toThrow(
      'addUser("u3"): duplicate unionId "u3"',
    );
    expect(() =>
      world.addDentry('nope', { id: 'y', type: 'FILE', name: 'y', creatorId: 'u3', createTime: T }),
    ).toThrow('addDentry("nope", "y"): space "nope" does not exist');
    world.addUser({ unionId: 'u-other', corpId: 'other' });
    expect(() =>
      world.addConversation({
        openConversationId: 'cid3',
        corpId: 'c',
        members: ['u3', 'u-other'],
        spaceId: 'sp2',
      }),
    ).toThrow('addConversation("cid3"): member "u-other" belongs to corp "other", not "c"');
    expect(world.conversation('cid3')).toBeUndefined();
  });

  it('rotates a suite ticket', () => {
    const world = new SandboxWorld({
      ...smallWorld(),
      suites: [
        {
          suiteKey: 'sk',
          suiteSecret: 'ss',
          suiteTicket: 't1',
          authorizedCorpIds: ['c'],
          scopes: [],
        },
      ],
    });
    world.setSuiteTicket('sk', 't2');
    expect(world.suite('sk')?.suiteTicket).toBe('t2');
    expect(() => world.setSuiteTicket('nope', 't')).toThrow(SandboxWorldError);
  });
});

describe('SandboxWorld validation', () => {
  const cases: Array<[string, (world: any) => void, string]> = [
    [
      'a blank field',
      (w) => (w.apps[0].appSecret = ' '),
      'apps[0] (appKey "k"): appSecret must be a non-blank string',
    ],
    [
      'an unknown field',
      (w) => (w.users[1].corp = 'c'),
      'users[1] (unionId "u2"): unknown field(s) corp',
    ],
    [
      'a duplicate id',
      (w) => w.users.push({ unionId: 'u1', corpId: 'c' }),
      'users[2] (unionId "u1"): duplicate unionId "u1"',
    ],
    [
      'an unknown member',
      (w) => w.conversations[0].members.push('ghost'),
      'conversations[0] (openConversationId "cid"): member "ghost" is not a user of the world',
    ],
    [
      'a missing space',
      (w) => (w.conversations[0].spaceId = 'nope'),
      'conversations[0] (openConversationId "cid"): spaceId "nope" is not a space of the world',
    ],
    [
      'a space of another corp',
      (w) => (w.conversations[0].corpId = 'other'),
      'belongs to corp "c", not "other"',
    ],
    [
      'a bad dentry type',
      (w) => (w.spaces[0].dentries[1].type = 'LINK'),
      'spaces[0] (spaceId "sp").dentries[1] (id "f"): type must be one of FILE, FOLDER',
    ],
    [
      'a bad time',
      (w) => (w.spaces[0].createTime = 'yesterday'),
      'spaces[0] (spaceId "sp"): createTime must be an ISO 8601 date-time',
    ],
    [
      'a parent that is a file',
      (w) => (w.spaces[0].dentries[0].type = 'FILE'),
      'dentries[1] (id "f"): parentId "dir" is not a folder listed earlier in the space',
    ],
    [
      'a negative size',
      (w) => (w.spaces[0].dentries[1].size = -1),
      'size must be a non-negative integer',
    ],
    ['a missing list', (w) => delete w.apps, 'world: apps must be an array'],
    [
      'a list entry that is only spaces',
      (w) => (w.conversations[0].members = ['u1', '  ']),
      'conversations[0] (openConversationId "cid"): members must be an array of non-blank strings',
    ],
    [
      'a group member of another corp',
      (w) => {
        w.users.push({ unionId: 'u-other', corpId: 'other' });
        w.conversations[0].members.push('u-other');
      },
      'conversations[0] (openConversationId "cid"): member "u-other" belongs to corp "other", not "c"',
    ],
    [
      'a space reader of another corp',
      (w) => {
        w.users.push({ unionId: 'u-other', corpId: 'other' });
        w.spaces[0].readers = ['u1', 'u-other'];
      },
      'spaces[0] (spaceId "sp"): reader "u-other" belongs to corp "other", not "c"',
    ],
  ];

  it.each(cases)('names the entry for %s', (_name, spoil, message) => {
    const init = smallWorld();
    spoil(init);
    expect(() => new SandboxWorld(init)).toThrow(SandboxWorldError);
    expect(() => new SandboxWorld(init)).toThrow(message);
  });

  it('accepts "$" comment keys', () => {
    const init = { $comment: 'hi', ...smallWorld() } as SandboxWorldInit;
    expect(() => new SandboxWorld(init)).not.toThrow();
  });
});

describe('suite callbacks', () => {
  const AES_KEY = 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG';

  function suiteWorld(): any {
    return {
      ...smallWorld(),
      suites: [
        {
          suiteKey: 'sk',
          suiteSecret: 'ss',
          suiteTicket: 't1',
          authorizedCorpIds: ['c'],
          scopes: [],
          callback: { token: 'tk', aesKey: AES_KEY, url: 'http://127.0.0.1:3000/dingtalk/events' },
        },
      ],
    };
  }

  it('keeps a callback with or without a url, and returns copies of it', () => {
    const world = new SandboxWorld(suiteWorld());
    expect(world.suite('sk')?.callback).toEqual({
      token: 'tk',
      aesKey: AES_KEY,
      url: 'http://127.0.0.1:3000/dingtalk/events',
    });
    const json = world.toJSON();
    expect(new SandboxWorld(json).toJSON()).toEqual(json);
    json.suites[0].callback!.url = 'http://changed.invalid/';
    expect(world.suite('sk')?.callback?.url).toBe('http://127.0.0.1:3000/dingtalk/events');
    world.addSuite({
      suiteKey: 'sk2',
      suiteSecret: 'ss',
      suiteTicket: 't',
      authorizedCorpIds: [],
      scopes: [],
      callback: { token: 'tk', aesKey: AES_KEY },
    });
    expect(world.suite('sk2')?.callback).toEqual({ token: 'tk', aesKey: AES_KEY });
    expect(world.suite('sk2')?.callback).not.toHaveProperty('url');
    world.setSuiteTicket('sk', 't2');
    expect(world.suite('sk')?.callback?.token).toBe('tk');
  });

  it('accepts an https url', () => {
    const init = suiteWorld();
    init.suites[0].callback.url = 'https://isv.example.com/callback?tenant=1';
    expect(new SandboxWorld(init).suite('sk')?.callback?.url).toBe(
      'https://isv.example.com/callback?tenant=1',
    );
  });

  const label = 'suites[0] (suiteKey "sk").callback';
  it.each<[string, (callback: any, suite: any) => void, string]>([
    ['a callback that is not an object', (_c, s) => (s.callback = 'tk'), 'must be an object'],
    ['a missing token', (c) => delete c.token, 'token must be a non-blank string'],
    ['a blank token', (c) => (c.token = ' '), 'token must be a non-blank string'],
    ['a missing aesKey', (c) => delete c.aesKey, 'aesKey must be 43 characters'],
    ['an aesKey of 42 characters', (c) => (c.aesKey = AES_KEY.slice(1)), 'aesKey must be 43'],
    ['an aesKey with "="', (c) => (c.aesKey = `${AES_KEY.slice(1)}=`), 'aesKey must be 43'],
    ['an aesKey outside base64', (c) => (c.aesKey = `${AES_KEY.slice(1)}-`), 'aesKey must be 43'],
    ['a misspelt field', (c) => (c.URL = c.url), 'unknown field(s) URL'],
    ['a url of another scheme', (c) => (c.url = 'ftp://x/'), 'url must be an absolute http:'],
    ['a relative url', (c) => (c.url = '/callback'), 'url must be an absolute http: or https: URL'],
    ['a blank url', (c) => (c.url = ''), 'url must be a non-blank string'],
  ])('names the suite and field for %s, never echoing the aesKey', (_name, spoil, problem) => {
    const init = suiteWorld();
    spoil(init.suites[0].callback, init.suites[0]);
    const attempt = () => new SandboxWorld(init);
    expect(attempt).toThrow(SandboxWorldError);
    expect(attempt).toThrow(`${label}: ${problem}`);
    expect(attempt).not.toThrow(AES_KEY.slice(1, 40));
  });

  it('checks a callback added from code', () => {
    const world = new SandboxWorld(smallWorld());
    expect(() =>
      world.addSuite({
        suiteKey: 'sk3',
        suiteSecret: 'ss',
        suiteTicket: 't',
        authorizedCorpIds: [],
        scopes: [],
        callback: { token: 'tk', aesKey: 'short' },
      }),
    ).toThrow('addSuite("sk3").callback: aesKey must be 43 characters of the base64 alphabet');
    expect(world.suite('sk3')).toBeUndefined();
  });
});
