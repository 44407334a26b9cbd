import type { LoggerService, LogLevel } from '@nestjs/common';
import { requestContext } from './request-context';

/** A structured message: `message` and fields of its own, written at the entry's top level. */
export type LogRecord = { message: string } & Record<string, unknown>;

/**
 * LOG_FORMAT=json: one JSON object per line on stdout, for log shippers: `level`, `time`,
 * `context`, `message`, the `requestId` of the request being served, and the fields of a
 * structured message (the request log's method, path, status, and for DingTalk failures api,
 * code and requestid).
 */
export class JsonLogger implements LoggerService {
  private levels: Set<LogLevel>;

  constructor(
    levels: readonly LogLevel[],
    private readonly write: (line: string) => void = (line) => process.stdout.write(line),
  ) {
    this.levels = new Set(levels);
  }

  log(message: unknown, ...params: unknown[]): void {
    this.print('log', message, params);
  }
  warn(message: unknown, ...params: unknown[]): void {
    this.print('warn', message, params);
  }
  debug(message: unknown, ...params: unknown[]): void {
    this.print('debug', message, params);
  }
  verbose(message: unknown, ...params: unknown[]): void {
    this.print('verbose', message, params);
  }
  fatal(message: unknown, ...params: unknown[]): void {
    this.print('fatal', message, params);
  }
  /** Nest calls it as `(message, stack?, context?)`. */
  error(message: unknown, ...params: unknown[]): void {
    const stack = params.length >= 2 && typeof params[0] === 'string' ? params[0] : undefined;
    this.print('error', message, stack === undefined ? params : params.slice(1), stack);
  }

  setLogLevels(levels: LogLevel[]): void {
    this.levels = new Set(levels);
  }

  private print(level: LogLevel, message: unknown, params: unknown[], stack?: string): void {
    if (!this.levels.has(level)) return;
    // Nest passes the logger's context last.
    const context = typeof params.at(-1) === 'string' ? (params.at(-1) as string) : undefined;
    const fields = isRecord(message) ? message : { message: textOf(message) };
    const entry = {
      level,
      time: new Date().toISOString(),
      context,
      requestId: requestContext.getStore()?.requestId,
      ...fields,
      stack,
    };
    this.write(`${JSON.stringify(entry)}\n`);
  }
}

function isRecord(value: unknown): value is LogRecord {
  return (
    value !== null &&
    typeof value === 'object' &&
    !(value instanceof Error) &&
    typeof (value as { message?: unknown }).message === 'string'
  );
}

function textOf(message: unknown): string {
  if (typeof message === 'string') return message;
  if (message instanceof Error) return message.message;
  return JSON.stringify(message) ?? String(message);
}
