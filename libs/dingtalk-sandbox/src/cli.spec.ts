import { runSandboxCli } from './cli';
import { fetchToken } from './testing/sandbox-http.test-helper';

describe('runSandboxCli', () => {
  it('starts on SANDBOX_HOST/SANDBOX_PORT and prints the URL and the credentials it serves', async () => {
    const lines: string[] = [];
    const sandbox = await runSandboxCli({ SANDBOX_HOST: '127.0.0.1', SANDBOX_PORT: '0' }, (line) =>
      lines.push(line),
    );
    try {
      expect(lines[0]).toBe(`DingTalk sandbox listening on ${sandbox.url}`);
      expect(lines).toContain(
        '  sandbox-app-key / sandbox-app-secret: ConvFile.File.Send, ConvFile.Space.Read',
      );
      expect(
        lines.some((line) => line.startsWith('Suite sandbox-suite-key / sandbox-suite-secret')),
      ).toBe(true);
      expect(await fetchToken(sandbox, 'sandbox-app-key', 'sandbox-app-secret')).toMatch(
        /^[0-9a-f]{32}$/,
      );
    } finally {
      await sandbox.close();
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
