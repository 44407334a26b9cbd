import {
  entryLabel,
  failEntry,
  isHttpUrl,
  parseApp,
  parseConversation,
  parseDentry,
  parseSpace,
  parseSuite,
  parseUser,
  parseWorldInit,
  SandboxWorldError,
} from './world.validator';
import { expectWorldError } from '../testing/world-error.test-helper';

const T = '2024-01-01T00:00:00Z';
const AES_KEY = 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG';
const BAD_AES_KEY =
  'aesKey must be 43 characters of the base64 alphabet (A-Z, a-z, 0-9, +, /), as DingTalk shows it';
const NOT_TIME = 'must be an ISO 8601 date-time such as 2024-01-01T10:00:00Z';

function app(): Record<string, unknown> {
  return { appKey: 'k', appSecret: 's', corpId: 'c', scopes: ['ConvFile.File.Send'] };
}

function suite(): Record<string, unknown> {
  return {
    suiteKey: 'sk',
    suiteSecret: 'ss',
    suiteTicket: 't',
    authorizedCorpIds: ['c'],
    scopes: [],
  };
}

function dentry(): Record<string, unknown> {
  return { id: 'f', type: 'FILE', name: 'a.txt', creatorId: 'u1', createTime: T };
}

function space(): Record<string, unknown> {
  return { spaceId: 'sp', corpId: 'c', createTime: T };
}

function conversation(): Record<string, unknown> {
  return { openConversationId: 'cid', corpId: 'c', members: ['u1'], spaceId: 'sp' };
}

describe('SandboxWorldError', () => {
  it('is an Error named SandboxWorldError with the message as given', () => {
    const error = new SandboxWorldError('apps[0]: broken');
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe('SandboxWorldError');
    expect(error.message).toBe('apps[0]: broken');
  });

  it('is what failEntry throws, the label and the problem joined by a colon', () => {
    expectWorldError(() => failEntry('users[3]', 'no good'), 'users[3]: no good');
  });
});

describe('entryLabel', () => {
  it('names an entry by its position and its id when the id is a string, even an empty one', () => {
    expect(entryLabel('apps', 2, { appKey: 'k' }, 'appKey')).toBe('apps[2] (appKey "k")');
    expect(entryLabel('users', 0, { unionId: '' }, 'unionId')).toBe('users[0] (unionId "")');
  });

  it.each<[string, unknown]>([
    ['the id is a number', { appKey: 5 }],
    ['the id is missing', { appSecret: 's' }],
    ['the entry is null', null],
    ['the entry is a string', 'k'],
    ['the entry is an array, even one carrying the id key', Object.assign(['x'], { appKey: 'k' })],
  ])('names an entry by its position only when %s', (_name, raw) => {
    expect(entryLabel('apps', 3, raw, 'appKey')).toBe('apps[3]');
  });
});

describe('parseApp', () => {
  it('returns the checked fields, leaving out a name that is not given', () => {
    const parsed = parseApp(app(), 'L');
    expect(parsed).toStrictEqual({
      appKey: 'k',
      appSecret: 's',
      corpId: 'c',
      scopes: ['ConvFile.File.Send'],
    });
    expect(Object.keys(parsed)).not.toContain('name');
  });

  it('keeps a name, every text as written (not trimmed), and accepts no scopes', () => {
    expect(parseApp({ ...app(), appKey: ' k ', name: 'Main', scopes: [] }, 'L')).toStrictEqual({
      appKey: ' k ',
      appSecret: 's',
      corpId: 'c',
      scopes: [],
      name: 'Main',
    });
  });

  it('copies the scopes instead of sharing the array it was given', () => {
    const raw = app();
    const parsed = parseApp(raw, 'L');
    expect(parsed.scopes).not.toBe(raw.scopes);
    (raw.scopes as string[]).push('ConvFile.Space.Read');
    expect(parsed.scopes).toStrictEqual(['ConvFile.File.Send']);
  });

  it('accepts keys starting with "$" as comments and leaves them out', () => {
    expect(parseApp({ $comment: 'main app', ...app() }, 'L')).toStrictEqual(parseApp(app(), 'L'));
  });

  it('refuses unknown keys, naming every one of them, even one with a "$" past its start', () => {
    expectWorldError(
      () => parseApp({ ...app(), secret: 'x', x$: 1, $ok: 1 }, 'apps[0]'),
      'apps[0]: unknown field(s) secret, x$',
    );
  });

  it.each<[string, unknown]>([
    ['null', null],
    ['an array', []],
    ['a string', 'k'],
    ['a number', 5],
  ])('refuses %s as an entry', (_name, raw) => {
    expectWorldError(() => parseApp(raw, 'apps[1]'), 'apps[1]: must be an object');
  });

  const notText: Array<[string, unknown]> = [
    ['missing', undefined],
    ['null', null],
    ['a number', 5],
    ['empty', ''],
    ['only spaces', '  '],
  ];
  const requiredAppTexts = ['appKey', 'appSecret', 'corpId'];
  it.each(
    requiredAppTexts.flatMap((field) => notText.map(([name, value]) => [field, name, value])),
  )('refuses %s when it is %s', (field, _name, value) => {
    expectWorldError(
      () => parseApp({ ...app(), [field as string]: value }, 'L'),
      `L: ${field as string} must be a non-blank string`,
    );
  });

  it.each(notText.filter(([name]) => name !== 'missing'))(
    'refuses a name that is %s',
    (_name, value) => {
      expectWorldError(
        () => parseApp({ ...app(), name: value }, 'L'),
        'L: name must be a non-blank string',
      );
    },
  );

  it.each<[string, unknown]>([
    ['they are missing', undefined],
    ['they are a string', 'ConvFile.File.Send'],
    ['one is a number', [5]],
    ['one is null', [null]],
    ['one is empty', ['']],
    ['one is only spaces, after a good one', ['ConvFile.File.Send', ' ']],
  ])('refuses scopes when %s', (_name, scopes) => {
    expectWorldError(
      () => parseApp({ ...app(), scopes }, 'L'),
      'L: scopes must be an array of non-blank strings',
    );
  });
});

describe('parseSuite', () => {
  it('returns the checked fields, leaving out a name and a callback that are not given', () => {
    const raw = suite();
    const parsed = parseSuite(raw, 'L');
    expect(parsed).toStrictEqual({
      suiteKey: 'sk',
      suiteSecret: 'ss',
      suiteTicket: 't',
      authorizedCorpIds: ['c'],
      scopes: [],
    });
    expect(parsed.authorizedCorpIds).not.toBe(raw.authorizedCorpIds);
    expect(parsed.scopes).not.toBe(raw.scopes);
  });

  it('keeps a name and a callback with its url, and a callback without a url has no url key', () => {
    const callback = { token: 'tk', aesKey: AES_KEY, url: 'https://isv.example.com/cb' };
    const parsed = parseSuite({ ...suite(), name: 'ISV', callback }, 'L');
    expect(parsed).toStrictEqual({ ...suite(), name: 'ISV', callback });
    expect(parsed.callback).not.toBe(callback);
    const withoutUrl = parseSuite({ ...suite(), callback: { token: 'tk', aesKey: AES_KEY } }, 'L');
    expect(withoutUrl.callback).toStrictEqual({ token: 'tk', aesKey: AES_KEY });
  });

  it('accepts "$" comment keys in the callback and leaves them out', () => {
    const parsed = parseSuite(
      { ...suite(), callback: { $note: 'ours', token: 'tk', aesKey: AES_KEY } },
      'L',
    );
    expect(parsed.callback).toStrictEqual({ token: 'tk', aesKey: AES_KEY });
  });

  it.each(['suiteKey', 'suiteSecret', 'suiteTicket'])('refuses a blank %s', (field) => {
    expectWorldError(
      () => parseSuite({ ...suite(), [field]: ' ' }, 'suites[0]'),
      `suites[0]: ${field} must be a non-blank string`,
    );
  });

  it.each(['authorizedCorpIds', 'scopes'])('refuses a missing %s', (field) => {
    expectWorldError(
      () => parseSuite({ ...suite(), [field]: undefined }, 'L'),
      `L: ${field} must be an array of non-blank strings`,
    );
  });

  it('refuses an unknown field and a blank name', () => {
    expectWorldError(
      () => parseSuite({ ...suite(), ticket: 't' }, 'L'),
      'L: unknown field(s) ticket',
    );
    expectWorldError(
      () => parseSuite({ ...suite(), name: '' }, 'L'),
      'L: name must be a non-blank string',
    );
  });

  it.each<[string, unknown, string]>([
    ['that is null', null, 'must be an object'],
    ['that is a string', 'tk', 'must be an object'],
    ['without a token', { aesKey: AES_KEY }, 'token must be a non-blank string'],
    ['with a blank token', { token: ' ', aesKey: AES_KEY }, 'token must be a non-blank string'],
    ['without an aesKey', { token: 'tk' }, BAD_AES_KEY],
    ['with a 44-character aesKey', { token: 'tk', aesKey: `${AES_KEY}A` }, BAD_AES_KEY],
    ['with an unknown field', { token: 'tk', aesKey: AES_KEY, URL: 'x' }, 'unknown field(s) URL'],
    [
      'with a null url',
      { token: 'tk', aesKey: AES_KEY, url: null },
      'url must be a non-blank string',
    ],
    [
      'with an ftp url',
      { token: 'tk', aesKey: AES_KEY, url: 'ftp://x/' },
      'url must be an absolute http: or https: URL',
    ],
    [
      'with a url that is not one',
      { token: 'tk', aesKey: AES_KEY, url: 'not a url' },
      'url must be an absolute http: or https: URL',
    ],
  ])('refuses a suite callback %s, naming the suite and "callback"', (_name, callback, problem) => {
    expectWorldError(
      () => parseSuite({ ...suite(), callback }, 'suites[2] (suiteKey "sk")'),
      `suites[2] (suiteKey "sk").callback: ${problem}`,
    );
  });
});

describe('isHttpUrl', () => {
  it.each([
    'http://127.0.0.1:3000/events',
    'https://isv.example.com/cb?x=1',
    'HTTPS://EXAMPLE.COM',
  ])('accepts %s', (url) => {
    expect(isHttpUrl(url)).toBe(true);
  });

  it.each(['ftp://x/', 'file:///etc/passwd', 'mailto:a@example.com', '/callback', 'not a url', ''])(
    'refuses "%s" with false',
    (url) => {
      expect(isHttpUrl(url)).toBe(false);
    },
  );
});

describe('parseUser', () => {
  it('returns the checked fields, with a name only when one is given', () => {
    expect(parseUser({ unionId: 'u', corpId: 'c' }, 'L')).toStrictEqual({
      unionId: 'u',
      corpId: 'c',
    });
    expect(parseUser({ unionId: 'u', corpId: 'c', name: 'Alice', $note: 'x' }, 'L')).toStrictEqual({
      unionId: 'u',
      corpId: 'c',
      name: 'Alice',
    });
  });

  it.each<[string, Record<string, unknown>, string]>([
    ['without a unionId', { corpId: 'c' }, 'L: unionId must be a non-blank string'],
    ['with an empty corpId', { unionId: 'u', corpId: '' }, 'L: corpId must be a non-blank string'],
    [
      'with a blank name',
      { unionId: 'u', corpId: 'c', name: ' ' },
      'L: name must be a non-blank string',
    ],
    ['with an unknown field', { unionId: 'u', corpId: 'c', corp: 'c' }, 'L: unknown field(s) corp'],
  ])('refuses a user %s', (_name, raw, message) => {
    expectWorldError(() => parseUser(raw, 'L'), message);
  });
});

describe('parseConversation', () => {
  it('returns the checked fields with a copy of the members, and a title only when given', () => {
    const raw = conversation();
    const parsed = parseConversation(raw, 'L');
    expect(parsed).toStrictEqual(conversation());
    expect(parsed.members).not.toBe(raw.members);
    expect(parseConversation({ ...raw, title: 'Project', members: [] }, 'L')).toStrictEqual({
      ...conversation(),
      members: [],
      title: 'Project',
    });
  });

  it.each<[string, string, unknown, string]>([
    [
      'an empty openConversationId',
      'openConversationId',
      '',
      'openConversationId must be a non-blank string',
    ],
    ['no corpId', 'corpId', undefined, 'corpId must be a non-blank string'],
    ['a blank spaceId', 'spaceId', ' ', 'spaceId must be a non-blank string'],
    ['an empty title', 'title', '', 'title must be a non-blank string'],
    ['no members', 'members', undefined, 'members must be an array of non-blank strings'],
    ['an empty member', 'members', ['u1', ''], 'members must be an array of non-blank strings'],
    ['an unknown field', 'member', ['u1'], 'unknown field(s) member'],
  ])('refuses a conversation with %s', (_name, field, value, problem) => {
    expectWorldError(
      () => parseConversation({ ...conversation(), [field]: value }, 'L'),
      `L: ${problem}`,
    );
  });
});

describe('parseDentry', () => {
  it('returns only the fields that are given', () => {
    const parsed = parseDentry(dentry(), 'L');
    expect(parsed).toStrictEqual(dentry());
    expect(Object.keys(parsed).sort()).toEqual(['createTime', 'creatorId', 'id', 'name', 'type']);
  });

  it('keeps every field it allows, a folder type and an empty extension included', () => {
    const full = {
      id: 'dir',
      type: 'FOLDER',
      name: 'Docs',
      parentId: 'root-dir',
      path: '/Root/Docs',
      size: 0,
      extension: '',
      version: 3,
      status: 'EXPIRED',
      creatorId: 'u1',
      modifierId: 'u2',
      createTime: T,
      modifiedTime: '2024-02-01T00:00:00Z',
      uuid: 'uuid-1',
    };
    const parsed = parseDentry({ ...full, $note: 'a folder' }, 'L');
    expect(parsed).toStrictEqual(full);
  });

  it("refuses the root's id, which every top-level entry names as its parent", () => {
    expectWorldError(
      () => parseDentry({ ...dentry(), id: '0' }, 'L'),
      'L: id "0" is the id of a space\'s root, the parent of its top-level entries',
    );
    expect(parseDentry({ ...dentry(), id: '00' }, 'L').id).toBe('00');
  });

  it.each(['NORMAL', 'DELETED', 'EXPIRED'])('accepts the status %s', (status) => {
    expect(parseDentry({ ...dentry(), status }, 'L').status).toBe(status);
  });

  it.each<[string, unknown]>([
    ['missing', undefined],
    ['unknown', 'LINK'],
    ['in lower case', 'file'],
    ['a number', 1],
  ])('refuses a type that is %s, listing the types', (_name, type) => {
    expectWorldError(
      () => parseDentry({ ...dentry(), type }, 'L'),
      'L: type must be one of FILE, FOLDER',
    );
  });

  it.each<[string, unknown]>([
    ['unknown', 'ACTIVE'],
    ['in lower case', 'normal'],
    ['null', null],
  ])('refuses a status that is %s, listing the statuses', (_name, status) => {
    expectWorldError(
      () => parseDentry({ ...dentry(), status }, 'L'),
      'L: status must be one of NORMAL, DELETED, EXPIRED',
    );
  });

  it.each(['size', 'version'])('accepts a %s of 0, 1 and the largest safe integer', (field) => {
    for (const value of [0, 1, Number.MAX_SAFE_INTEGER]) {
      expect(parseDentry({ ...dentry(), [field]: value }, 'L')).toStrictEqual({
        ...dentry(),
        [field]: value,
      });
    }
  });

  const notCounts: Array<[string, unknown]> = [
    ['-1', -1],
    ['1.5', 1.5],
    ['2 ** 53', 2 ** 53],
    ['NaN', NaN],
    ['Infinity', Infinity],
    ['the string "1"', '1'],
    ['null', null],
  ];
  it.each(
    ['size', 'version'].flatMap((field) => notCounts.map(([name, value]) => [field, name, value])),
  )('refuses a %s of %s', (field, _name, value) => {
    expectWorldError(
      () => parseDentry({ ...dentry(), [field as string]: value }, 'L'),
      `L: ${field as string} must be a non-negative integer`,
    );
  });

  it.each<[string, unknown]>([
    ['a number', 5],
    ['null', null],
  ])('refuses an extension that is %s', (_name, extension) => {
    expectWorldError(
      () => parseDentry({ ...dentry(), extension }, 'L'),
      'L: extension must be a string',
    );
  });

  it.each(['id', 'name', 'creatorId'])('refuses a missing or blank %s', (field) => {
    for (const value of [undefined, ' ']) {
      expectWorldError(
        () => parseDentry({ ...dentry(), [field]: value }, 'L'),
        `L: ${field} must be a non-blank string`,
      );
    }
  });

  it.each(['parentId', 'path', 'modifierId', 'uuid'])('refuses a blank %s', (field) => {
    expectWorldError(
      () => parseDentry({ ...dentry(), [field]: ' ' }, 'L'),
      `L: ${field} must be a non-blank string`,
    );
  });

  it('refuses a blank createTime as blank and a bad one as not a time, and checks modifiedTime', () => {
    expectWorldError(
      () => parseDentry({ ...dentry(), createTime: '' }, 'L'),
      'L: createTime must be a non-blank string',
    );
    expectWorldError(
      () => parseDentry({ ...dentry(), createTime: 20240101 }, 'L'),
      'L: createTime must be a non-blank string',
    );
    expectWorldError(
      () => parseDentry({ ...dentry(), createTime: 'today' }, 'L'),
      `L: createTime ${NOT_TIME}`,
    );
    expectWorldError(
      () => parseDentry({ ...dentry(), modifiedTime: 'today' }, 'L'),
      `L: modifiedTime ${NOT_TIME}`,
    );
  });

  it('refuses an unknown field', () => {
    expectWorldError(
      () => parseDentry({ ...dentry(), parent: 'dir' }, 'L'),
      'L: unknown field(s) parent',
    );
  });
});

describe('ISO 8601 times', () => {
  it.each([
    ['without seconds', '2024-01-01T10:00Z'],
    ['with seconds', '2024-01-01T10:00:00Z'],
    ['with a one-digit fraction', '2024-01-01T10:00:00.5Z'],
    ['with a nine-digit fraction', '2024-01-01T10:00:00.123456789Z'],
    ['with a positive offset', '2024-01-01T10:00:00+08:00'],
    ['with a negative offset', '2024-01-01T10:00:00-05:00'],
    ['with an offset without colon and no seconds', '2024-01-01T10:00+0800'],
    ['with a fraction and a negative offset without colon', '2024-01-01T10:00:00.123-0500'],
    ['on a leap day', '2024-02-29T00:00:00Z'],
    ['on the leap day of a year divisible by 400', '2000-02-29T00:00:00Z'],
    ['on the leap day of a year before 100', '0004-02-29T00:00:00Z'],
    ['at the last second of a year, with the largest offset', '2024-12-31T23:59:59+23:59'],
    ['on the 31st of a long month', '2024-01-31T00:00:00Z'],
  ])('accepts a time %s (%s)', (_name, createTime) => {
    expect(parseSpace({ ...space(), createTime }, 'L').createTime).toBe(createTime);
  });

  it.each([
    ['without an offset', '2024-01-01T10:00:00'],
    ['with a fraction and no offset', '2024-01-01T10:00:00.123'],
    ['that is only a date', '2024-01-01'],
    ['with a space for the T', '2024-01-01 10:00:00Z'],
    ['with a lower-case z', '2024-01-01T10:00:00z'],
    ['with a six-digit signed year', '+002024-01-01T10:00:00Z'],
  ])('refuses a time %s, which Date.parse would read (%s)', (_name, createTime) => {
    expect(Number.isNaN(Date.parse(createTime))).toBe(false);
    expectWorldError(
      () => parseSpace({ ...space(), createTime }, 'L'),
      `L: createTime ${NOT_TIME}`,
    );
  });

  it.each([
    ['with an offset of hours only', '2024-01-01T10:00:00+08'],
    ['with a dot and no fraction', '2024-01-01T10:00:00.Z'],
    ['with a one-digit month', '2024-1-01T10:00:00Z'],
    ['with a trailing space', '2024-01-01T10:00:00Z '],
    ['that is a word', 'yesterday'],
    ['with month 13', '2024-13-01T00:00:00Z'],
    ['with hour 25', '2024-01-01T25:00:00Z'],
    ['with minute 60', '2024-01-01T10:60:00Z'],
    ['with an offset of 24 hours', '2024-01-01T10:00:00+24:00'],
    ['with an offset of 60 minutes', '2024-01-01T10:00:00+05:60'],
    ['with second 60', '2024-01-01T10:00:60Z'],
    ['with month 00', '2024-00-10T00:00:00Z'],
    ['with day 00', '2024-01-00T00:00:00Z'],
  ])('refuses a time %s (%s)', (_name, createTime) => {
    expectWorldError(
      () => parseSpace({ ...space(), createTime }, 'L'),
      `L: createTime ${NOT_TIME}`,
    );
  });

  it.each([
    ['February 30th', '2024-02-30T00:00:00Z'],
    ['February 29th of a common year', '2023-02-29T00:00:00Z'],
    ['February 29th of a century not divisible by 400', '1900-02-29T00:00:00Z'],
    ['April 31st', '2024-04-31T00:00:00Z'],
    ['hour 24', '2024-01-01T24:00:00Z'],
  ])('refuses %s, which Date.parse would roll over to another moment (%s)', (_name, createTime) => {
    expect(Number.isNaN(Date.parse(createTime))).toBe(false);
    expectWorldError(
      () => parseSpace({ ...space(), createTime }, 'L'),
      `L: createTime ${NOT_TIME}`,
    );
  });
});

describe('parseSpace', () => {
  it('gives a space without readers or dentries empty lists, and no modifiedTime key', () => {
    const parsed = parseSpace(space(), 'L');
    expect(parsed).toStrictEqual({ ...space(), readers: [], dentries: [] });
    expect(Object.keys(parsed)).not.toContain('modifiedTime');
  });

  it('keeps a modifiedTime, copies the readers and parses each dentry', () => {
    const raw = {
      ...space(),
      modifiedTime: '2024-03-01T00:00:00Z',
      readers: ['u1'],
      dentries: [{ ...dentry(), $note: 'x' }],
    };
    const parsed = parseSpace(raw, 'L');
    expect(parsed).toStrictEqual({
      ...space(),
      modifiedTime: '2024-03-01T00:00:00Z',
      readers: ['u1'],
      dentries: [dentry()],
    });
    expect(parsed.readers).not.toBe(raw.readers);
  });

  it('names a bad dentry under the space, by id when it has one', () => {
    expectWorldError(
      () =>
        parseSpace({ ...space(), dentries: [dentry(), { ...dentry(), id: 'g', size: -1 }] }, 'S'),
      'S.dentries[1] (id "g"): size must be a non-negative integer',
    );
    expectWorldError(
      () => parseSpace({ ...space(), dentries: [{ ...dentry(), id: 7 }] }, 'S'),
      'S.dentries[0]: id must be a non-blank string',
    );
    expectWorldError(
      () => parseSpace({ ...space(), dentries: [null] }, 'S'),
      'S.dentries[0]: must be an object',
    );
  });

  it.each<[string, unknown, string]>([
    ['readers', null, 'readers must be an array of non-blank strings'],
    ['readers', 'u1', 'readers must be an array of non-blank strings'],
    ['readers', [''], 'readers must be an array of non-blank strings'],
    ['dentries', null, 'dentries must be an array'],
    ['dentries', {}, 'dentries must be an array'],
    ['spaceId', '', 'spaceId must be a non-blank string'],
    ['corpId', undefined, 'corpId must be a non-blank string'],
    ['createTime', undefined, 'createTime must be a non-blank string'],
    ['modifiedTime', '2024-01-01', `modifiedTime ${NOT_TIME}`],
    ['owner', 'u1', 'unknown field(s) owner'],
  ])('refuses a bad %s (%j)', (field, value, problem) => {
    expectWorldError(() => parseSpace({ ...space(), [field]: value }, 'L'), `L: ${problem}`);
  });
});

describe('parseWorldInit', () => {
  it('gives a world without suites, spaces or conversations empty lists', () => {
    expect(parseWorldInit({ apps: [], users: [] })).toStrictEqual({
      apps: [],
      suites: [],
      users: [],
      spaces: [],
      conversations: [],
    });
  });

  it('parses every entry of every list, leaving "$" comment keys out', () => {
    const world = parseWorldInit({
      $comment: 'a small world',
      apps: [{ ...app(), $note: 'x' }],
      suites: [suite()],
      users: [{ unionId: 'u1', corpId: 'c' }],
      spaces: [{ ...space(), dentries: [dentry()] }],
      conversations: [conversation()],
    });
    expect(world).toStrictEqual({
      apps: [app()],
      suites: [suite()],
      users: [{ unionId: 'u1', corpId: 'c' }],
      spaces: [{ ...space(), readers: [], dentries: [dentry()] }],
      conversations: [conversation()],
    });
  });

  it.each<[string, unknown]>([
    ['null', null],
    ['an array', []],
    ['a string', 'world'],
  ])('refuses %s as a world', (_name, raw) => {
    expectWorldError(() => parseWorldInit(raw), 'world: must be an object');
  });

  it.each<[string, Record<string, unknown>, string]>([
    ['without apps', { users: [] }, 'world: apps must be an array'],
    ['without users', { apps: [] }, 'world: users must be an array'],
    [
      'with suites that are a string',
      { apps: [], users: [], suites: 's' },
      'world: suites must be an array',
    ],
    [
      'with spaces that are an object',
      { apps: [], users: [], spaces: {} },
      'world: spaces must be an array',
    ],
    [
      'with null conversations',
      { apps: [], users: [], conversations: null },
      'world: conversations must be an array',
    ],
    ['with an unknown list', { apps: [], users: [], groups: [] }, 'world: unknown field(s) groups'],
  ])('refuses a world %s', (_name, raw, message) => {
    expectWorldError(() => parseWorldInit(raw), message);
  });

  it.each<[string, unknown, string]>([
    ['apps', { appKey: 'k' }, 'apps[1] (appKey "k"): appSecret must be a non-blank string'],
    ['apps', { appSecret: 's' }, 'apps[1]: appKey must be a non-blank string'],
    [
      'suites',
      { suiteKey: 'sk' },
      'suites[1] (suiteKey "sk"): suiteSecret must be a non-blank string',
    ],
    ['users', { unionId: 'u' }, 'users[1] (unionId "u"): corpId must be a non-blank string'],
    ['spaces', { spaceId: 'sp' }, 'spaces[1] (spaceId "sp"): corpId must be a non-blank string'],
    [
      'conversations',
      { openConversationId: 'cid' },
      'conversations[1] (openConversationId "cid"): corpId must be a non-blank string',
    ],
  ])(
    'names a bad entry of %s (%s) by its position, and by its id when it has one',
    (key, bad, message) => {
      const good: Record<string, unknown> = {
        apps: app(),
        suites: suite(),
        users: { unionId: 'u0', corpId: 'c' },
        spaces: space(),
        conversations: conversation(),
      };
      expectWorldError(
        () => parseWorldInit({ apps: [], users: [], [key]: [good[key], bad] }),
        message,
      );
    },
  );
});
