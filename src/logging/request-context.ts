import { AsyncLocalStorage } from 'node:async_hooks';

/** What every log line written while serving a request can say about it. */
export interface RequestContext {
  requestId: string;
}

/** Set by the request logging middleware for the rest of the request's handling. */
export const requestContext = new AsyncLocalStorage<RequestContext>();
