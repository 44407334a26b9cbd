import { Logger } from '@nestjs/common';

/** One line a Nest `Logger` wrote: its level, its message as text, and its context. */
export interface RecordedLogLine {
  level: string;
  message: string;
  context: unknown;
}

/** Sends every Nest `Logger` line to `lines` until `restore()`, for specs of what is logged. */
export function recordNestLogs(): { lines: RecordedLogLine[]; restore(): void } {
  const lines: RecordedLogLine[] = [];
  const record = (level: string) => (message: unknown, context?: unknown) =>
    void lines.push({ level, message: String(message), context });
  Logger.overrideLogger({
    log: record('log'),
    warn: record('warn'),
    error: record('error'),
    debug: record('debug'),
    verbose: record('verbose'),
    fatal: record('fatal'),
  });
  return {
    lines,
    restore: () => {
      Logger.overrideLogger(new Logger());
    },
  };
}
