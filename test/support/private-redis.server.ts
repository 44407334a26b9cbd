import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:net';

/** Ports start() tries, should other processes take the picked ones first. */
const START_ATTEMPTS = 3;

/**
 * A private redis-server, for tests that stop and restart Redis without disturbing the shared one
 * other test files use.
 *
 * Its port is picked before redis-server starts, unlike every other server in the tests, which
 * listens on port 0 and reports the port it got: redis-server cannot (`--port 0` turns TCP off),
 * and a unix socket is no way out since the library under test takes only redis:// URLs. Should
 * another process take the port between the pick and redis-server's bind, redis-server exits and
 * start() picks another.
 */
export class PrivateRedisServer {
  private process: ChildProcess | undefined;

  private constructor(readonly port: number) {}

  static async start(): Promise<PrivateRedisServer> {
    for (let attempt = 1; ; attempt++) {
      const server = new PrivateRedisServer(await unusedPort());
      try {
        await server.restart();
        return server;
      } catch (error) {
        if (attempt === START_ATTEMPTS) throw error;
      }
    }
  }

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  /**
   * Starts (again) on the same port, with no data, and resolves once redis-server logs that it
   * accepts connections; rejects if it exits first (the port was taken).
   */
  async restart(): Promise<void> {
    const child = spawn(
      'redis-server',
      ['--port', String(this.port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
      { stdio: ['ignore', 'pipe', 'ignore'] },
    );
    this.process = child;
    let log = '';
    await new Promise<void>((ready, failed) => {
      const onLog = (chunk: Buffer) => {
        log += chunk.toString();
        if (!log.includes('Ready to accept connections')) return;
        child.off('exit', onExit).off('error', failed);
        ready();
      };
      const onExit = () =>
        failed(new Error(`redis-server on port ${this.port} exited before it was ready:\n${log}`));
      child.stdout.on('data', onLog);
      child.once('exit', onExit).once('error', failed);
    });
    // The log is no longer needed, but is still read so that redis-server never blocks on it.
    child.stdout.removeAllListeners('data').resume();
  }

  /**
   * Freezes the server (SIGSTOP): connections stay open and commands are accepted, but nothing is
   * ever answered, as with a hung Redis. `resume()` or `stop()` ends it.
   */
  pause(): void {
    this.process?.kill('SIGSTOP');
  }

  /** Lets a paused server run again (SIGCONT). */
  resume(): void {
    this.process?.kill('SIGCONT');
  }

  /** Kills the server and resolves once it has exited. */
  async stop(): Promise<void> {
    const process = this.process;
    if (!process || process.exitCode !== null || process.signalCode !== null) return;
    const exited = once(process, 'exit');
    process.kill('SIGKILL');
    await exited;
  }
}

/** A port nothing listened on a moment ago: the kernel's pick for a probe closed at once. */
async function unusedPort(): Promise<number> {
  const probe = createServer();
  probe.listen(0, '127.0.0.1');
  await once(probe, 'listening');
  const { port } = probe.address() as { port: number };
  probe.close();
  await once(probe, 'close');
  return port;
}
