import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_SANDBOX_WORLD_PATH, loadSandboxWorld } from './world.loader';
import { SandboxWorldError } from './world.validator';

const T = '2024-01-01T00:00:00Z';

function writeTemp(name: string, content: unknown): string {
  const path = join(mkdtempSync(join(tmpdir(), 'sandbox-world-')), name);
  writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content));
  return path;
}

describe('loadSandboxWorld', () => {
  it('reads the default world when given no path', () => {
    expect(loadSandboxWorld()).toEqual(loadSandboxWorld(DEFAULT_SANDBOX_WORLD_PATH));
    expect(loadSandboxWorld().apps.map((app) => app.appKey)).toContain('sandbox-app-key');
  });

  it('checks references between entries, naming the file and the entry', () => {
    const bad = writeTemp('bad.json', {
      apps: [],
      users: [],
      spaces: [{ spaceId: 'sp', corpId: 'c', createTime: T }],
      conversations: [{ openConversationId: 'cid', corpId: 'c', members: ['u1'], spaceId: 'sp' }],
    });
    expect(() => loadSandboxWorld(bad)).toThrow(SandboxWorldError);
    expect(() => loadSandboxWorld(bad)).toThrow(
      `Invalid sandbox world ${bad}: conversations[0] (openConversationId "cid"): member "u1" is not a user of the world`,
    );
  });

  it('names the file when it is not JSON or cannot be read', () => {
    const broken = writeTemp('broken.json', '{ "apps": [');
    expect(() => loadSandboxWorld(broken)).toThrow(`Invalid sandbox world ${broken}:`);
    expect(() => loadSandboxWorld('/no/such/world.json')).toThrow(
      'Cannot read sandbox world /no/such/world.json',
    );
  });
});
