import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runSandboxCli } from './sandbox.cli';
import * as server from './sandbox.server';
import type { DingTalkSandbox } from './sandbox.server';
import type { DingTalkSandboxOptions } from './sandbox.options';
import { DEFAULT_SANDBOX_WORLD_PATH } from './world.loader';
import { fetchToken } from '../testing/sandbox-http.test-helper';

const MY_AES_KEY = 'myOwnCallbackAesKeyNeverPrinted0123456789ab';

describe('runSandboxCli', () => {
  let sandbox: DingTalkSandbox | undefined;
  afterEach(async () => {
    await sandbox?.close();
    sandbox = undefined;
  });

  async function run(env: NodeJS.ProcessEnv): Promise<string[]> {
    const lines: string[] = [];
    sandbox = await runSandboxCli(
      { SANDBOX_HOST: '127.0.0.1', SANDBOX_PORT: '0', ...env },
      (line) => lines.push(line),
    );
    return lines;
  }

  it("starts on SANDBOX_HOST/SANDBOX_PORT and prints the default world's fake credentials, labelled as such", async () => {
    const lines = await run({});
    const started = sandbox as DingTalkSandbox;
    expect(lines[0]).toBe(`DingTalk sandbox listening on ${started.url}`);
    expect(lines).toContain(
      "Internal apps, with the sandbox's own fake credentials (never real DingTalk ones) (appKey / appSecret: scopes):",
    );
    expect(lines).toContain(
      '  sandbox-app-key / sandbox-app-secret: ConvFile.File.Send, ConvFile.Space.Read',
    );
    expect(
      lines.some((line) => line.startsWith('Suite sandbox-suite-key / sandbox-suite-secret')),
    ).toBe(true);
    expect(lines).toContain(
      '  callback token sandbox-callback-token, aesKey sandboxCallbackAesKey0123456789abcdefghijkl; push a ticket with POST /__sandbox/suites/sandbox-suite-key/ticket {"url":"<your callback URL>"}',
    );
    expect(await fetchToken(started, 'sandbox-app-key', 'sandbox-app-secret')).toMatch(
      /^[0-9a-f]{32}$/,
    );
  });

  it('prints the app and suite keys of a SANDBOX_WORLD file, never its secrets or tickets', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'sandbox-cli-')), 'world.json');
    writeFileSync(
      path,
      JSON.stringify({
        apps: [{ appKey: 'my-app', appSecret: 'my-app-secret-1', corpId: 'c', scopes: [] }],
        suites: [
          {
            suiteKey: 'my-suite',
            suiteSecret: 'my-suite-secret-2',
            suiteTicket: 'my-ticket-3',
            callback: { token: 'my-callback-token-4', aesKey: MY_AES_KEY },
            authorizedCorpIds: ['c'],
            scopes: [],
          },
        ],
        users: [],
      }),
    );
    const lines = await run({ SANDBOX_WORLD: path });
    expect(lines).toContain(`World: ${path}`);
    expect(lines).toContain('  my-app: no scopes');
    expect(lines.some((line) => line.startsWith('Suite my-suite, corps c'))).toBe(true);
    const printed = lines.join('\n');
    for (const secret of [
      'my-app-secret-1',
      'my-suite-secret-2',
      'my-ticket-3',
      'my-callback-token-4',
      MY_AES_KEY,
      'fake',
    ]) {
      expect(printed).not.toContain(secret);
    }
  });

  it('names a bad SANDBOX_WORLD file', async () => {
    await expect(
      runSandboxCli({ SANDBOX_PORT: '0', SANDBOX_WORLD: '/no/such.json' }, () => undefined),
    ).rejects.toThrow('/no/such.json');
  });

  describe('what it starts and prints', () => {
    let asked: DingTalkSandboxOptions[];
    let spy: jest.SpiedFunction<typeof server.createDingTalkSandbox>;
    const createDingTalkSandbox = server.createDingTalkSandbox;
    beforeEach(() => {
      asked = [];
      // Records what the CLI asks for, and starts it on 127.0.0.1 and a free port whatever it is.
      spy = jest.spyOn(server, 'createDingTalkSandbox').mockImplementation((options = {}) => {
        asked.push(options);
        return createDingTalkSandbox({ ...options, host: '127.0.0.1', port: 0 });
      });
    });
    afterEach(() => spy.mockRestore());

    async function start(env: NodeJS.ProcessEnv): Promise<string[]> {
      const lines: string[] = [];
      sandbox = await runSandboxCli(env, (line) => lines.push(line));
      return lines;
    }

    it.each<[string, NodeJS.ProcessEnv]>([
      ['unset', {}],
      ['blank', { SANDBOX_HOST: '', SANDBOX_PORT: '', SANDBOX_WORLD: '' }],
    ])(
      'uses 127.0.0.1, port 7070 and the default world when the variables are %s',
      async (_name, env) => {
        await start(env);
        expect(asked).toStrictEqual([
          { host: '127.0.0.1', port: 7070, world: DEFAULT_SANDBOX_WORLD_PATH },
        ]);
      },
    );

    it('uses SANDBOX_HOST, SANDBOX_PORT and SANDBOX_WORLD as given', async () => {
      await start({
        SANDBOX_HOST: 'sandbox.test',
        SANDBOX_PORT: '7071',
        SANDBOX_WORLD: DEFAULT_SANDBOX_WORLD_PATH,
      });
      expect(asked).toStrictEqual([
        { host: 'sandbox.test', port: 7071, world: DEFAULT_SANDBOX_WORLD_PATH },
      ]);
    });

    it.each([
      ['0', 0],
      ['65535', 65535],
    ])('takes SANDBOX_PORT=%s, a bound of the port range', async (port, expected) => {
      await start({ SANDBOX_PORT: port });
      expect(asked.map((options) => options.port)).toStrictEqual([expected]);
    });

    it.each(['-1', '65536', '1.5', 'abc', '7070x', ' ', ' 80', '0x1F', '1e3', '+80', '070707'])(
      'refuses SANDBOX_PORT=%s with a RangeError quoting it, before starting anything',
      async (port) => {
        const attempt = runSandboxCli({ SANDBOX_PORT: port }, () => undefined);
        await expect(attempt).rejects.toThrow(
          new RangeError(`SANDBOX_PORT must be an integer from 0 to 65535, got "${port}"`),
        );
        await expect(attempt).rejects.toBeInstanceOf(RangeError);
        expect(asked).toStrictEqual([]);
      },
    );

    it('prints where it listens, the default world and its fake credentials, then the admin routes', async () => {
      const lines = await start({ SANDBOX_WORLD: '' });
      const { url } = sandbox as DingTalkSandbox;
      expect(lines).toStrictEqual([
        `DingTalk sandbox listening on ${url}`,
        `World: ${DEFAULT_SANDBOX_WORLD_PATH}`,
        "Internal apps, with the sandbox's own fake credentials (never real DingTalk ones) (appKey / appSecret: scopes):",
        '  sandbox-app-key / sandbox-app-secret: ConvFile.File.Send, ConvFile.Space.Read',
        '  sandbox-read-only-app-key / sandbox-read-only-app-secret: ConvFile.Space.Read',
        '  sandbox-send-only-app-key / sandbox-send-only-app-secret: ConvFile.File.Send',
        '  other-corp-app-key / other-corp-app-secret: ConvFile.File.Send, ConvFile.Space.Read',
        'Suite sandbox-suite-key / sandbox-suite-secret, ticket sandbox-suite-ticket, corps ding-sandbox-corp, ding-customer-corp',
        '  callback token sandbox-callback-token, aesKey sandboxCallbackAesKey0123456789abcdefghijkl; push a ticket with POST /__sandbox/suites/sandbox-suite-key/ticket {"url":"<your callback URL>"}',
        `Admin: ${url}/__sandbox/{deliveries,pushes,stats,faults,world,reset} (see the README for suites/…)`,
      ]);
    });

    it("prints a SANDBOX_WORLD file's apps with their scopes and its suites with their corps, nothing else", async () => {
      const path = join(mkdtempSync(join(tmpdir(), 'sandbox-cli-')), 'world.json');
      const suite = {
        suiteSecret: 'secret',
        suiteTicket: 'ticket',
        scopes: [],
        callback: { token: 'token', aesKey: MY_AES_KEY },
      };
      writeFileSync(
        path,
        JSON.stringify({
          apps: [
            { appKey: 'app-1', appSecret: 's1', corpId: 'c', scopes: [] },
            { appKey: 'app-2', appSecret: 's2', corpId: 'c', scopes: ['A', 'B'] },
          ],
          suites: [
            { ...suite, suiteKey: 'suite-1', authorizedCorpIds: ['c'] },
            { ...suite, suiteKey: 'suite-2', authorizedCorpIds: ['c', 'd'] },
          ],
          users: [],
        }),
      );
      const lines = await start({ SANDBOX_WORLD: path });
      const { url } = sandbox as DingTalkSandbox;
      expect(lines).toStrictEqual([
        `DingTalk sandbox listening on ${url}`,
        `World: ${path}`,
        'Internal apps (appKey: scopes; secrets are in the world file):',
        '  app-1: no scopes',
        '  app-2: A, B',
        'Suite suite-1, corps c (secret and ticket are in the world file)',
        'Suite suite-2, corps c, d (secret and ticket are in the world file)',
        `Admin: ${url}/__sandbox/{deliveries,pushes,stats,faults,world,reset} (see the README for suites/…)`,
      ]);
    });
  });
});
