import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { connect } from 'node:net';
import { resolve } from 'node:path';
import { promisify } from 'node:util';

const ROOT = resolve(__dirname, '..');

jest.setTimeout(30_000);

/** True when a new TCP connection to `port` is refused: nothing listens there any more. */
function refuses(port: number): Promise<boolean> {
  return new Promise((done) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      done(false);
    });
    socket.once('error', (error: NodeJS.ErrnoException) => done(error.code === 'ECONNREFUSED'));
  });
}

/** Every process below `root` (children, their children…), from `ps`. */
async function descendants(root: number): Promise<number[]> {
  const { stdout } = await promisify(execFile)('ps', ['-A', '-o', 'pid=,ppid=']);
  const parents = new Map<number, number>();
  for (const line of stdout.trim().split('\n')) {
    const [pid, ppid] = line.trim().split(/\s+/).map(Number);
    parents.set(pid, ppid);
  }
  const below = (pid: number): boolean => {
    const parent = parents.get(pid);
    return parent !== undefined && (parent === root || below(parent));
  };
  return [...parents.keys()].filter(below);
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe('npm run sandbox', () => {
  let npm: ChildProcess | undefined;
  /** The processes npm started, so that none outlives the test even when it fails. */
  let started: number[] = [];

  afterEach(() => {
    if (npm?.exitCode === null && npm.signalCode === null) npm.kill('SIGKILL');
    for (const pid of started.filter(isRunning)) process.kill(pid, 'SIGKILL');
    npm = undefined;
    started = [];
  });

  it('stops the sandbox when npm gets SIGTERM: node is exec-ed, not left behind as an orphan', async () => {
    const child = spawn('npm', ['run', 'sandbox'], {
      cwd: ROOT,
      env: { ...process.env, SANDBOX_HOST: '127.0.0.1', SANDBOX_PORT: '0', SANDBOX_WORLD: '' },
    });
    npm = child;
    const exited = once(child, 'exit');
    let output = '';
    const port = await new Promise<number>((found, failed) => {
      child.stdout.on('data', (chunk: Buffer) => {
        output += chunk.toString();
        const match = /DingTalk sandbox listening on http:\/\/127\.0\.0\.1:(\d+)/.exec(output);
        if (match) found(Number(match[1]));
      });
      child.once('exit', () => failed(new Error(`npm run sandbox exited early:\n${output}`)));
    });
    started = await descendants(child.pid!);
    expect(await refuses(port)).toBe(false);

    child.kill('SIGTERM');
    await exited;

    expect(started.filter(isRunning)).toEqual([]);
    expect(await refuses(port)).toBe(true);
  });

  it('exits with 1 and says why on stderr when the sandbox cannot start', async () => {
    const child = spawn('npm', ['run', '--silent', 'sandbox'], {
      cwd: ROOT,
      env: {
        ...process.env,
        SANDBOX_HOST: '127.0.0.1',
        SANDBOX_PORT: '0',
        SANDBOX_WORLD: '/nonexistent/world.json',
      },
    });
    npm = child;
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const [code] = await once(child, 'exit');

    expect(code).toBe(1);
    expect(stderr).toMatch(/^The DingTalk sandbox could not start: .*\/nonexistent\/world\.json/m);
    expect(stdout).not.toContain('listening');
  });
});
