import type { IncomingMessage, ServerResponse } from 'node:http';
import type { PrometheusMetrics } from './prometheus.metrics';

/** What Express sets on a request it routed: the matched route's template and its mount path. */
type RoutedRequest = IncomingMessage & { route?: { path?: unknown }; baseUrl?: string };

/** Requests no route matched (404s, scans) share one label, so a URL never becomes a label. */
export const UNMATCHED_ROUTE = 'unmatched';

/**
 * Express middleware counting each inbound request by its route template (`/dingtalk/events/:app`,
 * never the URL itself) and status, with its duration.
 */
export function createHttpMetricsMiddleware(
  metrics: PrometheusMetrics,
): (request: RoutedRequest, response: ServerResponse, next: () => void) => void {
  return (request, response, next) => {
    const started = performance.now();
    response.once('close', () => {
      const template = request.route?.path;
      const route =
        typeof template === 'string' ? `${request.baseUrl ?? ''}${template}` : UNMATCHED_ROUTE;
      metrics.requestEnded(route, response.statusCode, (performance.now() - started) / 1000);
    });
    next();
  };
}
