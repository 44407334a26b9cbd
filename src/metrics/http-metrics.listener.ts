import type { Exchange } from '../http-platform/exchange.interface';
import type { PrometheusMetrics } from './prometheus.metrics';

/** Requests no route matched (404s, scans) share one label, so a URL never becomes a label. */
export const UNMATCHED_ROUTE = 'unmatched';

/**
 * Called by the HTTP platform as each request arrives: counts it, when it ends, by its route
 * template (`/dingtalk/events/:app`, never the URL itself) and status, with its duration.
 */
export function createHttpMetricsListener(
  metrics: PrometheusMetrics,
): (exchange: Exchange) => void {
  return (exchange) => {
    const started = performance.now();
    exchange.rawResponse.once('close', () => {
      metrics.requestEnded(
        exchange.route() ?? UNMATCHED_ROUTE,
        exchange.rawResponse.statusCode,
        (performance.now() - started) / 1000,
      );
    });
  };
}
