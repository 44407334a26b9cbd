import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ApiClient } from '../auth/api-client.interface';
import { ANSWERED_DINGTALK_ERROR, type DingTalkError } from '@nest-dingtalk/conv-file';

/**
 * The request object the platform hands to guards and interceptors (Express's `req`, Fastify's
 * `FastifyRequest`): what they leave on it for the request log.
 */
export interface PlatformRequest {
  /** Set by ApiKeyGuard. */
  apiClient?: ApiClient;
  /** Set by the library's exception filters when they answer a library error. */
  [ANSWERED_DINGTALK_ERROR]?: DingTalkError;
}

/**
 * One request and its answer, as the request log and the HTTP metrics see them on either
 * platform: the raw Node objects (whose `close` event ends the exchange on both), the platform's
 * request, and what only the platform knows (the URL as received, the matched route's template).
 */
export interface Exchange {
  rawRequest: IncomingMessage;
  rawResponse: ServerResponse;
  request: PlatformRequest;
  /** The URL as the client sent it, query included. */
  url(): string;
  /** The template of the route that matched (`/dingtalk/events/:app`); undefined for none (404). */
  route(): string | undefined;
}
