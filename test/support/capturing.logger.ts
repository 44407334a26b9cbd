import type { LoggerService } from '@nestjs/common';

/** A Nest logger that keeps every line (message, context and any extra parameters) for assertions. */
export class CapturingLogger implements LoggerService {
  readonly lines: string[] = [];

  log(message: unknown, ...rest: unknown[]): void {
    this.keep('log', message, rest);
  }
  error(message: unknown, ...rest: unknown[]): void {
    this.keep('error', message, rest);
  }
  warn(message: unknown, ...rest: unknown[]): void {
    this.keep('warn', message, rest);
  }
  debug(message: unknown, ...rest: unknown[]): void {
    this.keep('debug', message, rest);
  }
  verbose(message: unknown, ...rest: unknown[]): void {
    this.keep('verbose', message, rest);
  }
  fatal(message: unknown, ...rest: unknown[]): void {
    this.keep('fatal', message, rest);
  }

  /** Lines of the request log (context `HTTP`). */
  requestLines(): string[] {
    return this.lines.filter((line) => line.includes('[HTTP]'));
  }

  private keep(level: string, message: unknown, rest: unknown[]): void {
    const parts = [message, ...rest].map((part) =>
      typeof part === 'string' ? part : JSON.stringify(part),
    );
    const context = parts.length > 1 ? parts.pop() : '';
    this.lines.push(`${level} [${context}] ${parts.join(' ')}`);
  }
}
