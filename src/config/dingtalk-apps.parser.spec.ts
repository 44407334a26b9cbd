import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  parseApiKeyApps,
  readDingTalkAppsFile,
  type DingTalkAppsConfig,
} from './dingtalk-apps.parser';

describe('readDingTalkAppsFile (DINGTALK_APPS_FILE)', () => {
  let dir: string;

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'dingtalk-apps-'));
  });

  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  /** Writes `content` (JSON unless a string) to a file and reads it back as DINGTALK_APPS_FILE. */
  let files = 0;
  const read = (content: unknown, env: Record<string, string | undefined> = {}) => {
    const path = join(dir, `apps-${++files}.json`);
    writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content));
    const problems: string[] = [];
    return { apps: readDingTalkAppsFile(path, env, (problem) => problems.push(problem)), problems };
  };
  const SHAPE =
    'DINGTALK_APPS_FILE: the file must hold { "defaultApp"?: "<name>", "apps": { "<name>": { ... } } }';

  it('reads the apps and the default app, keeping fields it does not know of', () => {
    const apps = {
      main: { appKey: 'k1', appSecret: 's1', extra: 1 },
      isv: { suiteKey: 'k2', suiteSecret: 's2', callback: { token: 't', aesKey: 'a' } },
    };

    // Strictly: a secret field the entry does not have is not added, not even as undefined.
    expect(read({ defaultApp: 'main', apps })).toStrictEqual({
      apps: { defaultApp: 'main', apps },
      problems: [],
    });
  });

  it('reads a file without defaultApp', () => {
    expect(read({ apps: {} })).toEqual({ apps: { defaultApp: undefined, apps: {} }, problems: [] });
  });

  it('reads each secret given as { "env": NAME } from the environment, and leaves the file alone', () => {
    const { apps, problems } = read(
      {
        apps: {
          main: { appKey: 'k1', appSecret: { env: 'MAIN_SECRET' } },
          isv: {
            suiteKey: 'k2',
            suiteSecret: { env: 'ISV_SECRET' },
            callback: { token: 't', aesKey: { env: 'ISV_AES_KEY' } },
          },
        },
      },
      { MAIN_SECRET: 's1', ISV_SECRET: 's2', ISV_AES_KEY: 'a' },
    );

    expect(problems).toEqual([]);
    expect(apps?.apps).toEqual({
      main: { appKey: 'k1', appSecret: 's1' },
      isv: { suiteKey: 'k2', suiteSecret: 's2', callback: { token: 't', aesKey: 'a' } },
    });
  });

  it('reports a secret whose variable is unset or blank, naming the field and the variable', () => {
    const { problems } = read(
      {
        apps: {
          main: { appKey: 'k1', appSecret: { env: 'UNSET' } },
          isv: { suiteKey: 'k2', suiteSecret: { env: 'BLANK' } },
        },
      },
      { BLANK: '  ' },
    );

    expect(problems).toEqual([
      'DINGTALK_APPS_FILE: apps.main.appSecret names the variable UNSET, which is not set',
      'DINGTALK_APPS_FILE: apps.isv.suiteSecret names the variable BLANK, which is not set',
    ]);
  });

  it.each([
    ['an object without env', { name: 'X' }],
    ['an env that is not a string', { env: 42 }],
    ['env with another field', { env: 'X', default: 'y' }],
  ])('reports a secret given as %s', (_case, secret) => {
    expect(
      read({ apps: { main: { appKey: 'k1', appSecret: secret } } }, { X: 'x' }).problems,
    ).toEqual([
      'DINGTALK_APPS_FILE: apps.main.appSecret must be a string or { "env": "<variable name>" }',
    ]);
  });

  it('reports a callback aesKey given in a wrong shape, by its path', () => {
    expect(
      read({ apps: { isv: { suiteKey: 'k', callback: { token: 't', aesKey: { env: 1 } } } } })
        .problems,
    ).toEqual([
      'DINGTALK_APPS_FILE: apps.isv.callback.aesKey must be a string or { "env": "<variable name>" }',
    ]);
  });

  it.each([
    ['null', null],
    ['an array', [{ apps: {} }]],
    ['an object without apps', { defaultApp: 'main' }],
    ['apps that is an array', { apps: [] }],
    ['apps that is null', { apps: null }],
    ['a defaultApp that is not a string', { defaultApp: 1, apps: {} }],
    ['an app that is not an object', { apps: { main: 'k1' } }],
    ['an app that is an array', { apps: { main: [] } }],
  ])('reports a file holding %s as of the wrong shape, and reads no apps', (_case, content) => {
    expect(read(content)).toEqual({ apps: undefined, problems: [SHAPE] });
  });

  it('reports a file that is not JSON, and one that cannot be read, without their content', () => {
    expect(read('{ "apps": ')).toEqual({
      apps: undefined,
      problems: ['DINGTALK_APPS_FILE: the file is not valid JSON'],
    });
    const problems: string[] = [];
    expect(readDingTalkAppsFile(join(dir, 'missing.json'), {}, (p) => problems.push(p))).toBe(
      undefined,
    );
    expect(problems).toEqual(['DINGTALK_APPS_FILE: the file cannot be read (ENOENT)']);
  });
});

describe('parseApiKeyApps (API_KEY_APPS)', () => {
  const KEYS = ['first-key-0123456789', 'second-key-0123456789'];
  const APPS: DingTalkAppsConfig = {
    apps: {
      main: { appKey: 'k1', appSecret: 's1' },
      isv: { suiteKey: 'k2', suiteSecret: 's2' },
    },
  };
  const parseWith = (apps: DingTalkAppsConfig | undefined, value: string) => {
    const problems: string[] = [];
    return { bound: parseApiKeyApps(value, KEYS, apps, (p) => problems.push(p)), problems };
  };
  const parse = (value: string) => parseWith(APPS, value);

  it('binds each key id to an app, and to an organization when one is given', () => {
    // Strictly: a binding without an organization has no corpId, not even undefined.
    expect(parse(` ${KEYS[0]} : main | ${KEYS[1]}:isv: ding-corp `)).toStrictEqual({
      bound: { 'key-1': { app: 'main' }, 'key-2': { app: 'isv', corpId: 'ding-corp' } },
      problems: [],
    });
  });

  it.each([
    ['an entry without an app', `${KEYS[0]}`],
    ['an entry with an empty app', `${KEYS[0]}:`],
    ['an entry with an empty key', ':main'],
    ['an entry with an empty corpId', `${KEYS[0]}:isv:`],
    ['an entry with a fourth part', `${KEYS[0]}:isv:corp:more`],
  ])('reports %s as malformed, by position', (_case, value) => {
    expect(parse(`${KEYS[1]}:main|${value}`)).toEqual({
      bound: { 'key-2': { app: 'main' } },
      problems: ['API_KEY_APPS: entry 2 must look like <api key>:<app>[:<corpId>]'],
    });
  });

  it('reports a key that is not in API_KEYS', () => {
    expect(parse('unknown-key-0123456789:main').problems).toEqual([
      'API_KEY_APPS: entry 1 names a key that is not in API_KEYS',
    ]);
  });

  it('reports an app that is not in the file, one inherited from Object, and any app without a file', () => {
    expect(parse(`${KEYS[0]}:other`).problems).toEqual([
      'API_KEY_APPS: entry 1 names an app that is not in DINGTALK_APPS_FILE',
    ]);
    expect(parse(`${KEYS[0]}:toString`).problems).toEqual([
      'API_KEY_APPS: entry 1 names an app that is not in DINGTALK_APPS_FILE',
    ]);
    expect(parseWith(undefined, `${KEYS[0]}:main`).problems).toEqual([
      'API_KEY_APPS: entry 1 names an app that is not in DINGTALK_APPS_FILE',
    ]);
  });

  it('reports a key bound twice, and keeps its first binding', () => {
    expect(parse(`${KEYS[0]}:main|${KEYS[0]}:isv`)).toEqual({
      bound: { 'key-1': { app: 'main' } },
      problems: ['API_KEY_APPS: entry 2 binds a key that an earlier entry binds'],
    });
  });
});
