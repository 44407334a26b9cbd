import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runSandboxCli } from './sandbox.cli';
import type { DingTalkSandbox } from './sandbox.server';
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

  it.each(['abc', '70000', '-1', '1.5'])('refuses SANDBOX_PORT=%s', async (port) => {
    await expect(runSandboxCli({ SANDBOX_PORT: port }, () => undefined)).rejects.toThrow(
      'SANDBOX_PORT',
    );
  });

  it('names a bad SANDBOX_WORLD file', async () => {
    await expect(
      runSandboxCli({ SANDBOX_PORT: '0', SANDBOX_WORLD: '/no/such.json' }, () => undefined),
    ).rejects.toThrow('/no/such.json');
  });
});
