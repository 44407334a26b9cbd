import type { IncomingHttpHeaders } from 'node:http';

/** The caller, as identified by its API key. */
export interface ApiClient {
  /** `key-1` for the first key of API_KEYS, and so on: safe to log, unlike the key. */
  id: string;
}

/** The parts of a request the guards read (alike on Express and Fastify), and what {@link ApiKeyGuard} adds. */
export interface AuthenticatedRequest {
  headers: IncomingHttpHeaders;
  query: Record<string, unknown>;
  apiClient?: ApiClient;
}
