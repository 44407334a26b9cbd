import fs, { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_SANDBOX_WORLD_PATH, loadSandboxWorld } from './world.loader';
import { SandboxWorldError } from './world.validator';
import { expectWorldError } from '../testing/world-error.test-helper';

const T = '2024-01-01T00:00:00Z';
const tempDirs: string[] = [];

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'sandbox-world-'));
  tempDirs.push(dir);
  return dir;
}

function writeTemp(name: string, content: unknown): string {
  const path = join(tempDir(), name);
  writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content));
  return path;
}

afterAll(() => {
  for (const dir of tempDirs) rmSync(dir, { recursive: true, force: true });
});

describe('loadSandboxWorld', () => {
  afterEach(() => jest.restoreAllMocks());

  it('reads the default world when given no path', () => {
    expect(loadSandboxWorld()).toEqual(loadSandboxWorld(DEFAULT_SANDBOX_WORLD_PATH));
    expect(loadSandboxWorld().apps.map((app) => app.appKey)).toContain('sandbox-app-key');
  });

  it('finds the default world in the package, beside src/', () => {
    expect(DEFAULT_SANDBOX_WORLD_PATH).toBe(join(__dirname, '..', 'world', 'default-world.json'));
  });

  it('returns the checked world, with its defaults and without "$" comments, not the raw JSON', () => {
    const path = writeTemp('world.json', {
      $comment: 'a world for one test',
      apps: [{ $note: 'x', appKey: 'k', appSecret: 's', corpId: 'c', scopes: [] }],
      users: [{ unionId: 'u1', corpId: 'c' }],
      spaces: [{ spaceId: 'sp', corpId: 'c', createTime: T }],
    });
    expect(loadSandboxWorld(path)).toStrictEqual({
      apps: [{ appKey: 'k', appSecret: 's', corpId: 'c', scopes: [] }],
      suites: [],
      users: [{ unionId: 'u1', corpId: 'c' }],
      spaces: [{ spaceId: 'sp', corpId: 'c', createTime: T, readers: [], dentries: [] }],
      conversations: [],
    });
  });

  it('checks references between entries, naming the file and the entry', () => {
    const bad = writeTemp('bad.json', {
      apps: [],
      users: [],
      spaces: [{ spaceId: 'sp', corpId: 'c', createTime: T }],
      conversations: [{ openConversationId: 'cid', corpId: 'c', members: ['u1'], spaceId: 'sp' }],
    });
    expectWorldError(
      () => loadSandboxWorld(bad),
      `Invalid sandbox world ${bad}: conversations[0] (openConversationId "cid"): member "u1" is not a user of the world`,
    );
  });

  it('checks the shape of the world, naming the file and the field', () => {
    const bad = writeTemp('shape.json', { users: [] });
    expectWorldError(
      () => loadSandboxWorld(bad),
      `Invalid sandbox world ${bad}: world: apps must be an array`,
    );
  });

  it('names the file and what JSON.parse says when it is not JSON', () => {
    const text = '{ "apps": [';
    const broken = writeTemp('broken.json', text);
    let reason = '';
    try {
      JSON.parse(text);
    } catch (error) {
      reason = (error as Error).message;
    }
    expect(reason).not.toBe('');
    expectWorldError(() => loadSandboxWorld(broken), `Invalid sandbox world ${broken}: ${reason}`);
  });

  it('names the file and the reason when it cannot be read', () => {
    // Under jest, Node's own errors come from another realm and fail `instanceof Error`, so their
    // text is read with String() and starts with "Error: "; run by Node it does not.
    expect(() => loadSandboxWorld('/no/such/world.json')).toThrow(SandboxWorldError);
    expect(() => loadSandboxWorld('/no/such/world.json')).toThrow(
      /^Cannot read sandbox world \/no\/such\/world\.json: (Error: )?ENOENT: no such file or directory, open '\/no\/such\/world\.json'$/,
    );
    const dir = tempDir();
    expect(() => loadSandboxWorld(dir)).toThrow(`Cannot read sandbox world ${dir}: `);
    expect(() => loadSandboxWorld(dir)).toThrow('EISDIR');
  });

  it('gives the message of a failure that is an Error', () => {
    jest.spyOn(fs, 'readFileSync').mockImplementationOnce(() => {
      throw new Error('disk on fire');
    });
    expectWorldError(
      () => loadSandboxWorld('/any/world.json'),
      'Cannot read sandbox world /any/world.json: disk on fire',
    );
  });

  it('gives the text of a failure that is not an Error', () => {
    const reason: unknown = 'disk gone';
    jest.spyOn(fs, 'readFileSync').mockImplementationOnce(() => {
      throw reason;
    });
    expectWorldError(
      () => loadSandboxWorld('/any/world.json'),
      'Cannot read sandbox world /any/world.json: disk gone',
    );
  });
});
