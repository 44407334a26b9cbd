import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';

/** A long-running child process (an app, a sandbox), with its output kept for assertions. */
export class RunningProcess {
  output = '';
  private readonly child: ChildProcessWithoutNullStreams;
  /** Called whenever output arrives or the process exits. */
  private onChange: () => void = () => undefined;

  constructor(command: string, args: string[], options: { cwd: string; env: NodeJS.ProcessEnv }) {
    this.child = spawn(command, args, options);
    const keep = (chunk: Buffer) => {
      this.output += chunk.toString();
      this.onChange();
    };
    this.child.stdout.on('data', keep);
    this.child.stderr.on('data', keep);
    this.child.once('exit', () => this.onChange());
  }

  /** The first match of `pattern` in the output; fails if the process exits or `timeoutMs` passes first. */
  waitFor(pattern: RegExp, timeoutMs = 30_000): Promise<RegExpExecArray> {
    return new Promise((found, failed) => {
      const timer = setTimeout(
        () => failed(new Error(`No ${pattern} within ${timeoutMs} ms:\n${this.output}`)),
        timeoutMs,
      );
      this.onChange = () => {
        const match = pattern.exec(this.output);
        if (match) {
          clearTimeout(timer);
          found(match);
        } else if (this.child.exitCode !== null || this.child.signalCode !== null) {
          clearTimeout(timer);
          failed(new Error(`The process exited before printing ${pattern}:\n${this.output}`));
        }
      };
      this.onChange();
    });
  }

  /** Stops the process (SIGTERM, then SIGKILL after 5 s) and waits for it to exit. */
  async stop(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    const exited = new Promise((done) => this.child.once('exit', done));
    this.child.kill('SIGTERM');
    const kill = setTimeout(() => this.child.kill('SIGKILL'), 5000);
    await exited;
    clearTimeout(kill);
  }
}
