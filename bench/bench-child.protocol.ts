/**
 * How the bench's helper servers (the sandbox, the pass-through) in child processes talk to it:
 * the child prints `url <url>` once it listens, and closes when its parent closes stdin.
 */
import { createInterface } from 'node:readline';

/** Run by the child once it listens at `url`. */
export function serveBenchProtocol(url: string, close: () => Promise<void>): void {
  process.stdout.write(`url ${url}\n`);
  createInterface({ input: process.stdin })
    .on('line', () => undefined)
    .once('close', () => void close().then(() => process.exit(0)));
}
