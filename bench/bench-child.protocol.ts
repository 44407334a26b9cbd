/**
 * How the bench's helpers in child processes (the sandbox, the pass-through, batch instances) talk
 * to it: the child prints one line once it is ready (`url <url>` for a server), and closes when
 * its parent closes stdin.
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';

/** A helper running in a child process. */
export interface BenchChild {
  /** What the child printed when ready, without `url ` (a server's URL). */
  url: string;
  pid: number;
  /** Closes its stdin and waits for it to exit. */
  close(): Promise<void>;
  /** SIGKILL, and waits for it to exit. */
  kill(): Promise<void>;
}

/** Starts `script` (in bench/, through ts-node) and waits for its ready line. */
export async function startBenchChild(
  script: string,
  env: Record<string, string>,
): Promise<BenchChild> {
  const child = spawn(
    process.execPath,
    ['-r', 'ts-node/register/transpile-only', '-r', 'tsconfig-paths/register', script],
    { cwd: __dirname, env: { ...process.env, ...env } },
  );
  child.stderr.pipe(process.stderr);
  const exited = once(child, 'exit');
  const [line] = (await Promise.race([
    once(createInterface({ input: child.stdout }), 'line'),
    exited.then(() => Promise.reject(new Error(`${script} exited`))),
  ])) as [string];
  return {
    url: line.trim().replace(/^url /, ''),
    pid: child.pid!,
    close: async () => {
      child.stdin.end();
      await exited;
    },
    kill: async () => {
      child.kill('SIGKILL');
      await exited;
    },
  };
}

/** Run by the child once it listens at `url`. */
export function serveBenchProtocol(url: string, close: () => Promise<void>): void {
  process.stdout.write(`url ${url}\n`);
  createInterface({ input: process.stdin })
    .on('line', () => undefined)
    .once('close', () => void close().then(() => process.exit(0)));
}
