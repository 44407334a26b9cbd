import { createDingTalkSandbox, type DingTalkSandbox } from './sandbox.server';
import { DEFAULT_SANDBOX_WORLD_PATH } from './world.loader';

const DEFAULT_PORT = 7070;

function portFrom(value: string | undefined): number {
  if (value === undefined || value === '') return DEFAULT_PORT;
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new RangeError(`SANDBOX_PORT must be an integer from 0 to 65535, got "${value}"`);
  }
  return port;
}

/**
 * Starts the sandbox from `SANDBOX_HOST` (default 127.0.0.1), `SANDBOX_PORT` (default 7070) and
 * `SANDBOX_WORLD` (default world file), and prints where it listens and the world's credentials.
 * The credentials are the sandbox's own, never real DingTalk ones.
 */
export async function runSandboxCli(
  env: NodeJS.ProcessEnv,
  print: (line: string) => void,
): Promise<DingTalkSandbox> {
  const worldPath = env.SANDBOX_WORLD || DEFAULT_SANDBOX_WORLD_PATH;
  const sandbox = await createDingTalkSandbox({
    host: env.SANDBOX_HOST || '127.0.0.1',
    port: portFrom(env.SANDBOX_PORT),
    world: worldPath,
  });
  const world = sandbox.world.toJSON();
  print(`DingTalk sandbox listening on ${sandbox.url}`);
  print(`World: ${worldPath}`);
  print('Internal apps (appKey / appSecret: scopes):');
  world.apps.forEach((app) =>
    print(`  ${app.appKey} / ${app.appSecret}: ${app.scopes.join(', ') || 'no scopes'}`),
  );
  world.suites.forEach((suite) =>
    print(
      `Suite ${suite.suiteKey} / ${suite.suiteSecret}, ticket ${suite.suiteTicket}, corps ${suite.authorizedCorpIds.join(', ')}`,
    ),
  );
  print(`Admin: ${sandbox.url}/__sandbox/{deliveries,stats,faults,world,reset}`);
  return sandbox;
}

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
      process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
      process.exitCode = 1;
    },
  );
}
