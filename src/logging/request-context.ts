import { AsyncLocalStorage } from 'node:async_hooks';

/** What every log line written while serving a request can say about it. */
export interface RequestContext {
  requestId: string;
}

/** Set by the request logging middleware for the rest of the request's handling. */
export const requestContext = new AsyncLocalStorage<RequestContext>();

/** Runs `next`, the rest of a request's handling, in `context` or not at all in any. */
export type RequestScope = (context: RequestContext, next: () => void) => void;

/**
 * The request scope for LOG_FORMAT, chosen once: only the JSON logger reads the context (to put
 * the request id on every line). Without it no context is kept, because an AsyncLocalStorage in use
 * makes Node track every promise and callback the app creates, about a tenth of a request's CPU.
 */
export function requestScope(format: 'text' | 'json'): RequestScope {
  return format === 'json'
    ? (context, next) => requestContext.run(context, next)
    : (_context, next) => next();
}
