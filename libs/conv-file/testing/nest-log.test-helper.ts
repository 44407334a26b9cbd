import { Logger } from '@nestjs/common';

/** One line a Nest `Logger` wrote: its level, its message as text, and its context. */
export interface RecordedLogLine {
  level: string;
  message: string;
  context: unknown;
}

/**
 * Sends every Nest `Logger` line to `lines` (and to `onLine`, for a spec that waits for one)
 * until `restore()`, for specs of what is logged.
 */
export function recordNestLogs(onLine?: (line: RecordedLogLine) => void): {
  lines: RecordedLogLine[];
  restore(): void;
} {
  const lines: RecordedLogLine[] = [];
  const record = (level: string) => (message: unknown, context?: unknown) => {
    const line = { level, message: String(message), context };
    lines.push(line);
    onLine?.(line);
  };
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
