import { SandboxMessages as M } from './sandbox.messages';
import { createDingTalkSandbox, type DingTalkSandbox } from './sandbox.server';
import { DEFAULT_SANDBOX_WORLD_PATH } from './world.loader';

const DEFAULT_PORT = 7070;

function portFrom(value: string | undefined): number {
  if (value === undefined || value === '') return DEFAULT_PORT;
  // Digits only: Number() would read ' ' as 0 and '0x1F' or '1e3' as other ports.
  const port = /^\d{1,5}$/.test(value) ? Number(value) : Number.NaN;
  if (!(port <= 65535)) throw new RangeError(M.cliBadPort(value));
  return port;
}

/**
 * Starts the sandbox from `SANDBOX_HOST` (default 127.0.0.1), `SANDBOX_PORT` (default 7070) and
 * `SANDBOX_WORLD` (default world file), and prints where it listens and the world's app keys.
 * Secrets and suite tickets are printed only for the default world, whose credentials are the
 * sandbox's own fake ones; a world given in `SANDBOX_WORLD` may hold values worth keeping private.
 */
export async function runSandboxCli(
  env: NodeJS.ProcessEnv,
  print: (line: string) => void,
): Promise<DingTalkSandbox> {
  const ownWorld = Boolean(env.SANDBOX_WORLD);
  const worldPath = env.SANDBOX_WORLD || DEFAULT_SANDBOX_WORLD_PATH;
  const sandbox = await createDingTalkSandbox({
    host: env.SANDBOX_HOST || '127.0.0.1',
    port: portFrom(env.SANDBOX_PORT),
    world: worldPath,
  });
  const world = sandbox.world.toJSON();
  print(M.cliListening(sandbox.url));
  print(M.cliWorld(worldPath));
  if (ownWorld) {
    print(M.cliWorldApps);
    world.apps.forEach((app) => print(M.cliWorldApp(app.appKey, app.scopes)));
    world.suites.forEach((suite) =>
      print(M.cliWorldSuite(suite.suiteKey, suite.authorizedCorpIds)),
    );
  } else {
    print(M.cliDefaultApps);
    world.apps.forEach((app) => print(M.cliDefaultApp(app.appKey, app.appSecret, app.scopes)));
    world.suites.forEach((suite) => {
      print(
        M.cliDefaultSuite(
          suite.suiteKey,
          suite.suiteSecret,
          suite.suiteTicket,
          suite.authorizedCorpIds,
        ),
      );
      if (suite.callback) {
        print(M.cliDefaultCallback(suite.suiteKey, suite.callback.token, suite.callback.aesKey));
      }
    });
  }
  print(M.cliAdmin(sandbox.url));
  return sandbox;
}

// Stryker disable all: runs only as a process of its own (`npm run sandbox`), which the unit specs do not
// start; test/sandbox-script.e2e-spec.ts checks its start, its stop on SIGTERM and its exit code 1.
if (require.main === module) {
  runSandboxCli(process.env, (line) => process.stdout.write(`${line}\n`)).then(
    (sandbox) => {
      const stop = (): void => {
        void sandbox.close();
      };
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    },
    (error: unknown) => {
      const reason = error instanceof Error ? error.message : String(error);
      process.stderr.write(`${M.cliFailed(reason)}\n`);
      process.exitCode = 1;
    },
  );
}
// Stryker restore all
