import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { resolve } from 'node:path';

const ROOT = resolve(__dirname, '..', '..');

/** Variables a developer's .env could set: given empty here, they keep it from changing the mode. */
const NEUTRAL_ENV = {
  DINGTALK_APP_KEY: '',
  DINGTALK_APP_SECRET: '',
  DINGTALK_API_BASE_URL: '',
  API_KEYS: '',
  API_KEY_POLICIES: '',
  REDIS_URL: '',
  NODE_ENV: '',
};

/**
 * `npm start`'s command (src/main.ts through ts-node) as a child process, with its output kept;
 * on the HTTP platform TEST_HTTP_ADAPTER names, unless `env` sets HTTP_ADAPTER.
 */
export class ChildApp {
  output = '';
  readonly exited: Promise<number | null>;
  private readonly child: ChildProcessWithoutNullStreams;
  /** Called whenever output arrives or the process exits. */
  private onChange: () => void = () => undefined;

  constructor(env: Record<string, string>) {
    this.child = spawn(
      process.execPath,
      ['-r', 'ts-node/register/transpile-only', '-r', 'tsconfig-paths/register', 'src/main.ts'],
      {
        cwd: ROOT,
        env: {
          PATH: process.env.PATH ?? '',
          ...NEUTRAL_ENV,
          HTTP_ADAPTER: process.env.TEST_HTTP_ADAPTER ?? '',
          NO_COLOR: '1',
          ...env,
        },
      },
    );
    const keep = (chunk: Buffer) => {
      this.output += chunk.toString();
      this.onChange();
    };
    this.child.stdout.on('data', keep);
    this.child.stderr.on('data', keep);
    this.exited = new Promise((done) =>
      this.child.once('exit', (code) => {
        done(code);
        this.onChange();
      }),
    );
  }

  /** Resolves with the first match of `pattern` in the output; rejects if the process exits first. */
  waitFor(pattern: RegExp): Promise<RegExpExecArray> {
    return new Promise((found, failed) => {
      this.onChange = () => {
        const match = pattern.exec(this.output);
        if (match) found(match);
        else if (this.child.exitCode !== null || this.child.signalCode !== null) {
          failed(new Error(`The app exited before printing ${pattern}:\n${this.output}`));
        }
      };
      this.onChange();
    });
  }

  signal(name: NodeJS.Signals): void {
    this.child.kill(name);
  }

  /** Ends the process if a test left it running. */
  kill(): void {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill('SIGKILL');
  }
}
