import type { Dispatcher } from 'undici';
import type { HttpAnswer } from './dingtalk-http.transport';
import { ExchangeTimeoutError } from './exchange-timeout.error';

const REQUEST_ID_HEADER = 'x-acs-request-id';
const UTF8_BOM = [0xef, 0xbb, 0xbf];

/**
 * One exchange on undici's dispatcher API: the answer is collected straight into a string, and
 * the deadline is one timer that calls the abort undici hands over. `request()` would add, per
 * call, a body stream, an AbortController and its listener (docs/performance.md measures both).
 * undici hands the request to a connection ({@link onConnect}) just before writing it, so a
 * failure before that certainly did not send it ({@link started}).
 */
export class UndiciExchangeHandler implements Dispatcher.DispatchHandlers {
  private abort: ((error: Error) => void) | undefined;
  private expired = false;
  private status = 0;
  private headerRequestId: string | undefined;
  private chunks: Buffer[] = [];
  private readonly timer: NodeJS.Timeout;

  constructor(
    private readonly resolve: (answer: HttpAnswer) => void,
    private readonly reject: (error: Error) => void,
    timeoutMs: number,
  ) {
    this.timer = setTimeout(() => this.expire(), timeoutMs);
  }

  /** Whether undici handed the request to a connection, to be written. */
  get started(): boolean {
    return this.abort !== undefined;
  }

  /** The request is about to be written on a connection (again, for a retried idempotent one). */
  onConnect(abort: (error?: Error) => void): void {
    // Past the deadline before it reached a connection (queued): it is not written at all.
    if (this.expired) return abort(new ExchangeTimeoutError());
    this.abort = abort;
    this.chunks = [];
  }

  /** Called for each 1xx answer too; the final answer's come last. */
  onHeaders(status: number, rawHeaders: Buffer[]): boolean {
    this.status = status;
    this.headerRequestId = requestIdOf(rawHeaders);
    return true;
  }

  /** A piece of the answer's body. */
  onData(chunk: Buffer): boolean {
    this.chunks.push(chunk);
    return true;
  }

  /** The whole answer arrived. */
  onComplete(): void {
    clearTimeout(this.timer);
    this.resolve({
      status: this.status,
      body: utf8Text(this.chunks),
      headerRequestId: this.headerRequestId,
    });
  }

  /** Any failure: refused, reset, too large an answer, aborted at the deadline, pool closed. */
  onError(error: Error): void {
    clearTimeout(this.timer);
    this.reject(error);
  }

  private expire(): void {
    this.expired = true;
    const error = new ExchangeTimeoutError();
    if (this.abort) this.abort(error);
    else this.reject(error);
  }
}

/** DingTalk's request id header, when it holds one value. */
function requestIdOf(rawHeaders: Buffer[]): string | undefined {
  let found: string | undefined;
  for (let i = 0; i < rawHeaders.length; i += 2) {
    const name = rawHeaders[i];
    // Stryker disable next-line ConditionalExpression: a shortcut; the name is compared next anyway
    if (name.length !== REQUEST_ID_HEADER.length) continue;
    if (name.toString('latin1').toLowerCase() !== REQUEST_ID_HEADER) continue;
    // Twice is not one request id.
    if (found !== undefined) return undefined;
    found = rawHeaders[i + 1].toString('utf8');
  }
  return found === '' ? undefined : found;
}

/** The body as text, without a UTF-8 byte order mark (as undici's `body.text()` reads it). */
function utf8Text(chunks: Buffer[]): string {
  // Stryker disable next-line ConditionalExpression: a shortcut; concat of one piece is that piece
  const body = chunks.length === 1 ? chunks[0] : Buffer.concat(chunks);
  const bom = UTF8_BOM.every((byte, i) => body[i] === byte);
  return body.toString('utf8', bom ? UTF8_BOM.length : 0);
}
