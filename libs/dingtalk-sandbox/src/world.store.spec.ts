import { createHash } from 'node:crypto';
import { SandboxWorld } from './world.store';
import type { SandboxSuiteInit, SandboxWorldInit } from './world.model';
import { DEFAULT_SANDBOX_WORLD_PATH, loadSandboxWorld } from './world.loader';
import { SandboxWorldError } from './world.validator';
import { expectWorldError } from '../testing/world-error.test-helper';

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

function suiteInit(authorizedCorpIds: string[] = ['c', 'd']): SandboxSuiteInit {
  return {
    suiteKey: 'sk',
    suiteSecret: 'ss',
    suiteTicket: 't1',
    authorizedCorpIds,
    scopes: ['s1'],
  };
}

/** The UUID the world derives from `seed`, worked out here independently of the store. */
function uuidOf(seed: string): string {
  const hex = createHash('sha256').update(seed).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
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

describe('SandboxWorld construction', () => {
  it('starts empty when given no init', () => {
    expect(new SandboxWorld().toJSON()).toStrictEqual({
      apps: [],
      suites: [],
      users: [],
      spaces: [],
      conversations: [],
    });
  });

  it('shares no array with the init it was built from', () => {
    const init = smallWorld();
    init.spaces![0].readers = ['u2'];
    const world = new SandboxWorld(init);
    init.apps[0].scopes.push('ConvFile.Space.Read');
    init.spaces![0].readers.push('u1');
    init.conversations![0].members.push('u2');
    expect(world.app('k')?.scopes).toStrictEqual(['ConvFile.File.Send']);
    expect(world.space('sp')?.readers).toStrictEqual(['u2']);
    expect(world.conversation('cid')?.members).toStrictEqual(['u1']);
  });

  it.each<[string, (w: any) => void, string]>([
    [
      'apps',
      (w) => w.apps.push({ ...w.apps[0], appSecret: 'other' }),
      'apps[1] (appKey "k"): duplicate appKey "k"',
    ],
    [
      'suites',
      (w) => (w.suites = [suiteInit(), suiteInit([])]),
      'suites[1] (suiteKey "sk"): duplicate suiteKey "sk"',
    ],
    [
      'users',
      (w) => w.users.push({ unionId: 'u2', corpId: 'c' }),
      'users[2] (unionId "u2"): duplicate unionId "u2"',
    ],
    [
      'spaces',
      (w) => w.spaces.push({ spaceId: 'sp', corpId: 'c', createTime: T }),
      'spaces[1] (spaceId "sp"): duplicate spaceId "sp"',
    ],
    [
      'conversations',
      (w) => w.conversations.push({ ...w.conversations[0], members: [] }),
      'conversations[1] (openConversationId "cid"): duplicate openConversationId "cid"',
    ],
    [
      'the dentries of a space',
      (w) => w.spaces[0].dentries.push({ ...w.spaces[0].dentries[1], name: 'b' }),
      'spaces[0] (spaceId "sp").dentries[2] (id "f"): duplicate dentry id "f"',
    ],
  ])('refuses a duplicate id in %s, naming the entry', (_name, spoil, message) => {
    const init = smallWorld();
    spoil(init);
    expectWorldError(() => new SandboxWorld(init), message);
  });

  it.each<[string, (w: any) => void, string]>([
    [
      'a reader who is not a user',
      (w) => (w.spaces[0].readers = ['ghost']),
      'spaces[0] (spaceId "sp"): reader "ghost" is not a user of the world',
    ],
    [
      'a space of another corp than the group',
      (w) => {
        w.users.push({ unionId: 'u-other', corpId: 'other' });
        w.conversations[0] = {
          openConversationId: 'cid',
          corpId: 'other',
          members: ['u-other'],
          spaceId: 'sp',
        };
      },
      'conversations[0] (openConversationId "cid"): space "sp" belongs to corp "c", not "other"',
    ],
    [
      'a parent that is not listed',
      (w) => (w.spaces[0].dentries[1].parentId = 'nope'),
      'spaces[0] (spaceId "sp").dentries[1] (id "f"): parentId "nope" is not a folder listed earlier in the space',
    ],
    [
      'a parent listed after its child',
      (w) => w.spaces[0].dentries.reverse(),
      'spaces[0] (spaceId "sp").dentries[0] (id "f"): parentId "dir" is not a folder listed earlier in the space',
    ],
  ])('refuses %s, naming the entry', (_name, spoil, message) => {
    const init = smallWorld();
    spoil(init);
    expectWorldError(() => new SandboxWorld(init), message);
  });

  it('accepts a root dentry whose parentId is "0", and the same dentry id in two spaces', () => {
    const init = smallWorld();
    init.spaces![0].dentries![0].parentId = '0';
    init.spaces!.push({
      spaceId: 'sp2',
      corpId: 'c',
      createTime: T,
      dentries: [{ id: 'f', type: 'FILE', name: 'b.txt', creatorId: 'u2', createTime: T }],
    });
    const world = new SandboxWorld(init);
    expect(world.dentry('sp', 'dir')?.path).toBe('/Docs');
    expect(world.dentry('sp2', 'f')?.name).toBe('b.txt');
    expect(world.dentry('sp', 'f')?.name).toBe('a.tar.gz');
    expect(world.dentry('sp2', 'f')?.uuid).not.toBe(world.dentry('sp', 'f')?.uuid);
  });
});

describe('SandboxWorld stored defaults', () => {
  it('stores a root file with every default, its uuid derived from the space and dentry ids', () => {
    const world = new SandboxWorld(smallWorld()).addDentry('sp', {
      id: 'r',
      type: 'FILE',
      name: 'notes.md',
      creatorId: 'u2',
      createTime: T,
    });
    expect(world.dentry('sp', 'r')).toStrictEqual({
      spaceId: 'sp',
      id: 'r',
      type: 'FILE',
      name: 'notes.md',
      parentId: '0',
      path: '/notes.md',
      size: 0,
      extension: 'md',
      version: 1,
      status: 'NORMAL',
      creatorId: 'u2',
      modifierId: 'u2',
      createTime: T,
      modifiedTime: T,
      uuid: uuidOf('sp/r'),
    });
  });

  it('keeps every value given instead of its default, an empty extension and version 0 included', () => {
    const given = {
      id: 'g',
      type: 'FILE' as const,
      name: 'a.txt',
      parentId: 'dir',
      path: '/elsewhere/a.txt',
      size: 12,
      extension: '',
      version: 0,
      status: 'DELETED' as const,
      creatorId: 'u1',
      modifierId: 'u2',
      createTime: T,
      modifiedTime: '2024-02-01T00:00:00Z',
      uuid: 'given-uuid',
    };
    const world = new SandboxWorld(smallWorld()).addDentry('sp', given);
    expect(world.dentry('sp', 'g')).toStrictEqual({ spaceId: 'sp', ...given });
  });

  it('builds a path from the parent path, the parent path as given when it was given', () => {
    const world = new SandboxWorld(smallWorld())
      .addDentry('sp', {
        id: 'sub',
        type: 'FOLDER',
        name: 'Sub',
        parentId: 'dir',
        path: '/Custom',
        creatorId: 'u1',
        createTime: T,
      })
      .addDentry('sp', {
        id: 'deep',
        type: 'FILE',
        name: 'd.txt',
        parentId: 'sub',
        creatorId: 'u1',
        createTime: T,
      });
    expect(world.dentry('sp', 'deep')?.path).toBe('/Custom/d.txt');
    expect(world.dentry('sp', 'f')?.path).toBe('/Docs/a.tar.gz');
  });

  it.each<[string, 'FILE' | 'FOLDER', string]>([
    ['a.tar.gz', 'FILE', 'gz'],
    ['a.b', 'FILE', 'b'],
    ['Report.PDF', 'FILE', 'PDF'],
    ['README', 'FILE', ''],
    ['.bashrc', 'FILE', ''],
    ['trailing.', 'FILE', ''],
    ['v1.2', 'FOLDER', ''],
  ])('derives the extension of %s (%s) as "%s"', (name, type, extension) => {
    const world = new SandboxWorld(smallWorld()).addDentry('sp', {
      id: 'x',
      type,
      name,
      creatorId: 'u1',
      createTime: T,
    });
    expect(world.dentry('sp', 'x')?.extension).toBe(extension);
  });

  it('stores a space with readers and modifiedTime defaulted, or as given', () => {
    const world = new SandboxWorld(smallWorld()).addSpace({
      spaceId: 'sp2',
      corpId: 'c',
      createTime: T,
      modifiedTime: '2024-05-01T00:00:00Z',
      readers: ['u2'],
    });
    expect(world.space('sp')).toStrictEqual({
      spaceId: 'sp',
      corpId: 'c',
      createTime: T,
      modifiedTime: T,
      readers: [],
    });
    expect(world.space('sp2')).toStrictEqual({
      spaceId: 'sp2',
      corpId: 'c',
      createTime: T,
      modifiedTime: '2024-05-01T00:00:00Z',
      readers: ['u2'],
    });
  });

  it('answers undefined for what the world does not hold', () => {
    const world = new SandboxWorld(smallWorld());
    expect(world.app('nope')).toBeUndefined();
    expect(world.suite('nope')).toBeUndefined();
    expect(world.user('nope')).toBeUndefined();
    expect(world.conversation('nope')).toBeUndefined();
    expect(world.space('nope')).toBeUndefined();
    expect(world.dentry('nope', 'f')).toBeUndefined();
    expect(world.dentry('sp', 'nope')).toBeUndefined();
  });
});

describe('SandboxWorld entries added from code', () => {
  it('returns the world itself from every change', () => {
    const world = new SandboxWorld(smallWorld());
    expect(world.addUser({ unionId: 'u3', corpId: 'c' })).toBe(world);
    expect(world.addApp({ appKey: 'k2', appSecret: 's', corpId: 'c', scopes: [] })).toBe(world);
    expect(world.addSuite(suiteInit())).toBe(world);
    expect(world.addSpace({ spaceId: 'sp2', corpId: 'c', createTime: T })).toBe(world);
    expect(
      world.addDentry('sp2', { id: 'x', type: 'FILE', name: 'x', creatorId: 'u3', createTime: T }),
    ).toBe(world);
    expect(
      world.addConversation({ openConversationId: 'c2', corpId: 'c', members: [], spaceId: 'sp2' }),
    ).toBe(world);
    expect(world.setSuiteTicket('sk', 't2')).toBe(world);
    expect(world.revokeAuthorization('sk', 'c')).toBe(world);
    expect(world.restoreAuthorization('sk', 'c')).toBe(world);
    expect(world.restoreAuthorization('sk', 'c')).toBe(world);
  });

  it('stores what it checked, not the object it was given', () => {
    const app = { appKey: 'k2', appSecret: 's', corpId: 'c', scopes: ['ConvFile.File.Send'] };
    const world = new SandboxWorld(smallWorld()).addApp(app);
    app.scopes.push('ConvFile.Space.Read');
    expect(world.app('k2')).toStrictEqual({
      appKey: 'k2',
      appSecret: 's',
      corpId: 'c',
      scopes: ['ConvFile.File.Send'],
    });
  });

  it('keeps dentries added to a space that was added without any', () => {
    const world = new SandboxWorld(smallWorld())
      .addSpace({ spaceId: 'sp2', corpId: 'c', createTime: T })
      .addDentry('sp2', { id: 'x', type: 'FILE', name: 'x.txt', creatorId: 'u1', createTime: T });
    expect(world.dentry('sp2', 'x')?.path).toBe('/x.txt');
    expect(world.toJSON().spaces[1].dentries?.map((dentry) => dentry.id)).toStrictEqual(['x']);
  });

  it.each<[string, (world: SandboxWorld) => unknown, string]>([
    [
      'a bad app',
      (w) => w.addApp({ appKey: 'k2', appSecret: '', corpId: 'c', scopes: [] }),
      'addApp("k2"): appSecret must be a non-blank string',
    ],
    [
      'a duplicate app',
      (w) => w.addApp({ appKey: 'k', appSecret: 's', corpId: 'c', scopes: [] }),
      'addApp("k"): duplicate appKey "k"',
    ],
    [
      'an app whose appKey is not text',
      (w) => w.addApp({ appKey: 5, appSecret: 's', corpId: 'c', scopes: [] } as any),
      'addApp("5"): appKey must be a non-blank string',
    ],
    ['an app that is null', (w) => w.addApp(null as any), 'addApp("undefined"): must be an object'],
    [
      'a user that is a string',
      (w) => w.addUser('u9' as any),
      'addUser("undefined"): must be an object',
    ],
    [
      'a duplicate suite',
      (w) => w.addSuite(suiteInit()).addSuite(suiteInit([])),
      'addSuite("sk"): duplicate suiteKey "sk"',
    ],
    [
      'a duplicate space',
      (w) => w.addSpace({ spaceId: 'sp', corpId: 'c', createTime: T }),
      'addSpace("sp"): duplicate spaceId "sp"',
    ],
    [
      'a space with an unknown reader',
      (w) => w.addSpace({ spaceId: 'sp2', corpId: 'c', createTime: T, readers: ['ghost'] }),
      'addSpace("sp2"): reader "ghost" is not a user of the world',
    ],
    [
      'a space with a dentry under a missing folder',
      (w) =>
        w.addSpace({
          spaceId: 'sp2',
          corpId: 'c',
          createTime: T,
          dentries: [
            { id: 'x', type: 'FILE', name: 'x', parentId: 'nope', creatorId: 'u1', createTime: T },
          ],
        }),
      'addSpace("sp2").dentries[0] (id "x"): parentId "nope" is not a folder listed earlier in the space',
    ],
    [
      'a dentry without a name',
      (w) => w.addDentry('sp', { id: 'x', type: 'FILE', creatorId: 'u1', createTime: T } as any),
      'addDentry("sp", "x"): name must be a non-blank string',
    ],
    [
      'a dentry that is null',
      (w) => w.addDentry('sp', null as any),
      'addDentry("sp", "undefined"): must be an object',
    ],
    [
      'a duplicate dentry',
      (w) =>
        w.addDentry('sp', { id: 'f', type: 'FILE', name: 'f', creatorId: 'u1', createTime: T }),
      'addDentry("sp", "f"): duplicate dentry id "f"',
    ],
    [
      'a dentry under a file',
      (w) =>
        w.addDentry('sp', {
          id: 'x',
          type: 'FILE',
          name: 'x',
          parentId: 'f',
          creatorId: 'u1',
          createTime: T,
        }),
      'addDentry("sp", "x"): parentId "f" is not a folder listed earlier in the space',
    ],
    [
      'a duplicate conversation',
      (w) =>
        w.addConversation({ openConversationId: 'cid', corpId: 'c', members: [], spaceId: 'sp' }),
      'addConversation("cid"): duplicate openConversationId "cid"',
    ],
    [
      'a conversation with a missing space',
      (w) =>
        w.addConversation({ openConversationId: 'c2', corpId: 'c', members: [], spaceId: 'nope' }),
      'addConversation("c2"): spaceId "nope" is not a space of the world',
    ],
    [
      'a ticket for an unknown suite',
      (w) => w.setSuiteTicket('nope', 't'),
      'setSuiteTicket("nope"): no such suite',
    ],
    [
      'a blank ticket',
      (w) => w.addSuite(suiteInit()).setSuiteTicket('sk', ' '),
      'setSuiteTicket("sk"): suiteTicket must be a non-blank string',
    ],
    [
      'a ticket that is not text',
      (w) => w.addSuite(suiteInit()).setSuiteTicket('sk', 7 as any),
      'setSuiteTicket("sk"): suiteTicket must be a non-blank string',
    ],
    [
      "a dentry whose id is the root's",
      (w) =>
        w.addDentry('sp', { id: '0', type: 'FOLDER', name: 'x', creatorId: 'u1', createTime: T }),
      'addDentry("sp", "0"): id "0" is the id of a space\'s root, the parent of its top-level entries',
    ],
  ])('refuses %s, naming the call', (_name, change, message) => {
    const world = new SandboxWorld(smallWorld());
    expectWorldError(() => change(world), message);
  });

  it('keeps the old ticket when a new one is refused', () => {
    const world = new SandboxWorld(smallWorld()).addSuite(suiteInit());
    expect(() => world.setSuiteTicket('sk', '')).toThrow(SandboxWorldError);
    expect(world.toJSON().suites.map((suite) => suite.suiteTicket)).toStrictEqual([
      suiteInit().suiteTicket,
    ]);
  });

  it('stores nothing of a space it refuses for a bad dentry, so the corrected space can be added', () => {
    const world = new SandboxWorld(smallWorld());
    const file = { type: 'FILE' as const, creatorId: 'u1', createTime: T };
    const goodFirst = { ...file, id: 'a', name: 'a.txt' };
    const attempt = { spaceId: 'sp2', corpId: 'c', createTime: T };
    expect(() =>
      world.addSpace({
        ...attempt,
        dentries: [goodFirst, { ...file, id: 'b', name: 'b.txt', parentId: 'nope' }],
      }),
    ).toThrow(SandboxWorldError);
    expect(world.toJSON().spaces.map((space) => space.spaceId)).toStrictEqual(['sp']);
    expect(world.dentry('sp2', 'a')).toBeUndefined();

    world.addSpace({ ...attempt, dentries: [goodFirst] });
    expect(world.toJSON().spaces.map((space) => space.spaceId)).toStrictEqual(['sp', 'sp2']);
    expect(world.dentry('sp2', 'a')?.name).toBe('a.txt');
  });
});

describe('SandboxWorld suite authorizations', () => {
  function suiteWorld(authorizedCorpIds?: string[]): SandboxWorld {
    return new SandboxWorld({ ...smallWorld(), suites: [suiteInit(authorizedCorpIds)] });
  }

  it('grants each corp a suite lists its own grant, and none to other corps or suites', () => {
    const world = suiteWorld();
    const grants = [world.authorizationGrant('sk', 'c'), world.authorizationGrant('sk', 'd')];
    expect(grants).toStrictEqual([expect.any(Number), expect.any(Number)]);
    expect(grants[0]).not.toBe(grants[1]);
    expect(world.authorizationGrant('sk', 'e')).toBeUndefined();
    expect(world.authorizationGrant('nope', 'c')).toBeUndefined();
  });

  it('revokes one corp, keeping the other corps, their grants and the rest of the suite', () => {
    const world = suiteWorld(['c', 'd', 'e']);
    const grantOfD = world.authorizationGrant('sk', 'd');
    world.revokeAuthorization('sk', 'c');
    expect(world.suite('sk')).toStrictEqual(suiteInit(['d', 'e']));
    expect(world.authorizationGrant('sk', 'c')).toBeUndefined();
    expect(world.authorizationGrant('sk', 'd')).toBe(grantOfD);
  });

  it('changes nothing when revoking a corp that had not authorized the suite', () => {
    const world = suiteWorld();
    const before = [world.authorizationGrant('sk', 'c'), world.authorizationGrant('sk', 'd')];
    world.revokeAuthorization('sk', 'e');
    expect(world.suite('sk')).toStrictEqual(suiteInit());
    expect([world.authorizationGrant('sk', 'c'), world.authorizationGrant('sk', 'd')]).toEqual(
      before,
    );
    const unauthorized = suiteWorld([]).revokeAuthorization('sk', 'c');
    expect(unauthorized.suite('sk')?.authorizedCorpIds).toStrictEqual([]);
  });

  it('restores a corp last, under a grant it never had before', () => {
    const world = suiteWorld();
    const old = [world.authorizationGrant('sk', 'c'), world.authorizationGrant('sk', 'd')];
    world.revokeAuthorization('sk', 'c').restoreAuthorization('sk', 'c');
    expect(world.suite('sk')).toStrictEqual(suiteInit(['d', 'c']));
    const grant = world.authorizationGrant('sk', 'c');
    expect(grant).toEqual(expect.any(Number));
    expect(old).not.toContain(grant);
    expect(world.authorizationGrant('sk', 'd')).toBe(old[1]);
  });

  it('changes nothing when restoring a corp that has authorized the suite', () => {
    const world = suiteWorld();
    const grant = world.authorizationGrant('sk', 'c');
    world.restoreAuthorization('sk', 'c');
    expect(world.suite('sk')).toStrictEqual(suiteInit());
    expect(world.authorizationGrant('sk', 'c')).toBe(grant);
  });

  it('authorizes a corp in a suite that had no corp', () => {
    const world = suiteWorld([]).restoreAuthorization('sk', 'c');
    expect(world.suite('sk')?.authorizedCorpIds).toStrictEqual(['c']);
    expect(world.authorizationGrant('sk', 'c')).toEqual(expect.any(Number));
  });

  it('keeps the rest of the suite when rotating its ticket', () => {
    const world = suiteWorld().setSuiteTicket('sk', 't2');
    expect(world.suite('sk')).toStrictEqual({ ...suiteInit(), suiteTicket: 't2' });
  });

  it.each<[string, (world: SandboxWorld) => unknown, string]>([
    [
      'revoking for an unknown suite',
      (w) => w.revokeAuthorization('nope', 'c'),
      'revokeAuthorization("nope", "c"): no such suite',
    ],
    [
      'restoring for an unknown suite, before looking at the corpId',
      (w) => w.restoreAuthorization('nope', ' '),
      'restoreAuthorization("nope", " "): no such suite',
    ],
    [
      'revoking for a corpId of spaces',
      (w) => w.revokeAuthorization('sk', '  '),
      'revokeAuthorization("sk", "  "): corpId must be a non-blank string',
    ],
    [
      'restoring for an empty corpId',
      (w) => w.restoreAuthorization('sk', ''),
      'restoreAuthorization("sk", ""): corpId must be a non-blank string',
    ],
    [
      'restoring for a corpId that is not text',
      (w) => w.restoreAuthorization('sk', 5 as any),
      'restoreAuthorization("sk", "5"): corpId must be a non-blank string',
    ],
  ])('refuses %s, naming the call', (_name, change, message) => {
    const world = suiteWorld();
    expectWorldError(() => change(world), message);
    expect(world.suite('sk')).toStrictEqual(suiteInit());
  });
});

describe('SandboxWorld.canRead', () => {
  const world = new SandboxWorld({
    ...smallWorld(),
    users: ['u1', 'u2', 'u3', 'u4'].map((unionId) => ({ unionId, corpId: 'c' })),
    spaces: [
      { spaceId: 'sp', corpId: 'c', createTime: T, readers: ['u3'] },
      { spaceId: 'sp2', corpId: 'c', createTime: T },
    ],
    conversations: [
      { openConversationId: 'cid', corpId: 'c', members: ['u1'], spaceId: 'sp' },
      { openConversationId: 'cid2', corpId: 'c', members: ['u2'], spaceId: 'sp2' },
    ],
  });

  it.each<[string, string, string, boolean]>([
    ['a member of a group using the space', 'u1', 'sp', true],
    ['a listed reader', 'u3', 'sp', true],
    ['a member of a group using another space', 'u2', 'sp', false],
    ['a reader of another space', 'u3', 'sp2', false],
    ['a user in no group', 'u4', 'sp', false],
    ['anybody, of a space that does not exist', 'u1', 'nope', false],
  ])('answers for %s', (_name, unionId, spaceId, canRead) => {
    expect(world.canRead(unionId, spaceId)).toBe(canRead);
  });
});

describe('SandboxWorld.toJSON', () => {
  const AES_KEY = 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG';

  function jsonWorld(): SandboxWorld {
    const init = smallWorld();
    return new SandboxWorld({
      ...init,
      spaces: [{ ...init.spaces![0], readers: ['u2'] }],
      users: [
        { unionId: 'u1', corpId: 'c', name: 'Alice' },
        { unionId: 'u2', corpId: 'c' },
      ],
      suites: [
        { ...suiteInit(), callback: { token: 'tk', aesKey: AES_KEY } },
        { ...suiteInit([]), suiteKey: 'sk2' },
      ],
    });
  }

  it('lists every entry with every default applied, and no key for what was never set', () => {
    const dentry = { type: 'FILE', creatorId: 'u1', modifierId: 'u1', createTime: T };
    expect(jsonWorld().toJSON()).toStrictEqual({
      apps: [{ appKey: 'k', appSecret: 's', corpId: 'c', scopes: ['ConvFile.File.Send'] }],
      suites: [
        { ...suiteInit(), callback: { token: 'tk', aesKey: AES_KEY } },
        { ...suiteInit([]), suiteKey: 'sk2' },
      ],
      users: [
        { unionId: 'u1', corpId: 'c', name: 'Alice' },
        { unionId: 'u2', corpId: 'c' },
      ],
      spaces: [
        {
          spaceId: 'sp',
          corpId: 'c',
          createTime: T,
          modifiedTime: T,
          readers: ['u2'],
          dentries: [
            {
              ...dentry,
              id: 'dir',
              type: 'FOLDER',
              name: 'Docs',
              parentId: '0',
              path: '/Docs',
              size: 0,
              extension: '',
              version: 1,
              status: 'NORMAL',
              modifiedTime: T,
              uuid: uuidOf('sp/dir'),
            },
            {
              ...dentry,
              id: 'f',
              name: 'a.tar.gz',
              parentId: 'dir',
              path: '/Docs/a.tar.gz',
              size: 0,
              extension: 'gz',
              version: 1,
              status: 'NORMAL',
              modifiedTime: T,
              uuid: uuidOf('sp/f'),
            },
          ],
        },
      ],
      conversations: [{ openConversationId: 'cid', corpId: 'c', members: ['u1'], spaceId: 'sp' }],
    });
  });

  it('hands out copies: changing what it returned changes nothing in the world', () => {
    const world = jsonWorld();
    const before = JSON.parse(JSON.stringify(world.toJSON()));
    const json = world.toJSON();
    json.apps[0].scopes.push('x');
    json.apps[0].appSecret = 'x';
    json.suites[0].authorizedCorpIds.push('x');
    json.suites[0].scopes.push('x');
    json.suites[0].callback!.token = 'x';
    json.suites[0].suiteTicket = 'x';
    json.users[0].name = 'x';
    json.spaces[0].readers!.push('x');
    json.spaces[0].createTime = 'x';
    json.spaces[0].dentries![0].name = 'x';
    json.conversations[0].members.push('x');
    json.conversations[0].title = 'x';
    expect(world.toJSON()).toStrictEqual(before);
    expect(world.suite('sk')?.callback?.token).toBe('tk');
    expect(world.user('u1')?.name).toBe('Alice');
    expect(world.space('sp')?.createTime).toBe(T);
  });
});
