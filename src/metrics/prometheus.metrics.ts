import { ConvFileErrorCodes, type ConvFileObserver } from '@nest-dingtalk/conv-file';
import {
  collectDefaultMetrics,
  Counter,
  Gauge,
  Histogram,
  Registry,
  type LabelValues,
} from 'prom-client';

/**
 * Outcomes a label may take: the library's own, DingTalk's documented codes, and its families
 * (`paramError.<field>`, `Forbidden.AccessDenied.<limit>`). Any other code, whatever an upstream
 * (or a proxy in front of it) puts in its answers, counts as `other`: a label value per call would
 * grow the series without bound.
 */
const KNOWN_OUTCOMES = new Set<string>([
  'ok',
  'timeout',
  'network',
  ...Object.values(ConvFileErrorCodes),
  'permissionDenied',
  'conversationNotExist',
  'spaceNotExist',
  'dentryNotExist',
  'systemError',
  'unknownError',
  'InvalidAuthentication',
  'AuthenticationFailed.MissingParameter',
  'InvalidAction.NotFound',
  'invalidClientIdOrSecret',
  'invalidSuiteKey',
  'invalidSuiteTicket',
  'invalidAuthInfo',
]);
const OUTCOME_FAMILIES = /^(paramError\.[A-Za-z]{1,40}|Forbidden\.AccessDenied\.[A-Za-z]{1,60})$/;

function outcomeLabel(outcome: string): string {
  return KNOWN_OUTCOMES.has(outcome) || OUTCOME_FAMILIES.test(outcome) ? outcome : 'other';
}
/** Seconds; from a warm call's few ms to the 10 s default deadline and retries beyond it. */
const CALL_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];
const WAIT_BUCKETS = [0.001, 0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];

/**
 * The app's Prometheus metrics, in a registry of their own: the library's calls (as its
 * {@link ConvFileObserver}), inbound HTTP requests by route template, and Node's process metrics.
 * Labels never hold an id of a request (unionId, spaceId): routes are templates, outcomes codes.
 */
export class PrometheusMetrics implements ConvFileObserver {
  readonly registry = new Registry();
  private readonly calls = new Counter({
    name: 'dingtalk_calls_total',
    help: 'DingTalk convFile calls, by API, app and outcome (ok, DingTalk’s code, timeout, network)',
    labelNames: ['api', 'app', 'outcome'] as const,
    registers: [this.registry],
  });
  private readonly callDuration = new Histogram({
    name: 'dingtalk_call_duration_seconds',
    help: 'Duration of DingTalk convFile calls, token, rate-limit wait and retries included',
    labelNames: ['api', 'app'] as const,
    buckets: CALL_BUCKETS,
    registers: [this.registry],
  });
  private readonly tokenFetches = new Counter({
    name: 'dingtalk_token_fetches_total',
    help: 'Access tokens requested from DingTalk, by app',
    labelNames: ['app'] as const,
    registers: [this.registry],
  });
  private readonly retries = new Counter({
    name: 'dingtalk_retries_total',
    help: 'Retried DingTalk requests, by API and reason (throttled, notSent, unknownOutcome)',
    labelNames: ['api', 'reason'] as const,
    registers: [this.registry],
  });
  private readonly rateLimitWait = new Histogram({
    name: 'dingtalk_rate_limit_wait_seconds',
    help: 'Time a call waited for an outbound rate-limit slot',
    labelNames: ['api'] as const,
    buckets: WAIT_BUCKETS,
    registers: [this.registry],
  });
  private readonly rateLimitQueue = new Gauge({
    name: 'dingtalk_rate_limit_queue_length',
    help: 'Calls of this instance waiting for an outbound rate-limit slot',
    labelNames: ['api'] as const,
    registers: [this.registry],
  });
  private readonly batchItems = new Counter({
    name: 'dingtalk_batch_items_total',
    help: 'Batch items that reached a final state: sent, failed, unknown, cancelled',
    labelNames: ['state'] as const,
    registers: [this.registry],
  });
  private readonly requests = new Counter({
    name: 'http_requests_total',
    help: 'Inbound HTTP requests, by route template and status',
    labelNames: ['route', 'status'] as const,
    registers: [this.registry],
  });
  private readonly requestDuration = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'Duration of inbound HTTP requests, by route template',
    labelNames: ['route'] as const,
    buckets: CALL_BUCKETS,
    registers: [this.registry],
  });

  constructor() {
    collectDefaultMetrics({ register: this.registry });
  }

  callEnded(call: { api: string; app: string; outcome: string; durationSeconds: number }): void {
    this.calls.inc({ api: call.api, app: call.app, outcome: outcomeLabel(call.outcome) });
    this.callDuration.observe({ api: call.api, app: call.app }, call.durationSeconds);
  }

  tokenFetched(fetch: { app: string }): void {
    this.tokenFetches.inc({ app: fetch.app });
  }

  retried(retry: { api: string; reason: string }): void {
    this.retries.inc(retry);
  }

  rateLimitWaited(wait: { api: string; seconds: number }): void {
    this.rateLimitWait.observe({ api: wait.api }, wait.seconds);
  }

  rateLimitQueueChanged(queue: { api: string; length: number }): void {
    this.rateLimitQueue.set({ api: queue.api }, queue.length);
  }

  batchItemEnded(item: { state: string }): void {
    this.batchItems.inc({ state: item.state });
  }

  /** An inbound request ended; `route` is the matched template, or `unmatched`. */
  requestEnded(route: string, status: number, seconds: number): void {
    const labels: LabelValues<'route'> = { route };
    this.requests.inc({ route, status: String(status) });
    this.requestDuration.observe(labels, seconds);
  }

  /** The text exposition format, and its content type. */
  async scrape(): Promise<{ contentType: string; body: string }> {
    return { contentType: this.registry.contentType, body: await this.registry.metrics() };
  }
}
