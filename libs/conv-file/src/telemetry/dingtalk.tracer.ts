import type { ConvFileApiName } from '../endpoints/dingtalk-api.endpoints';

/** What a finished DingTalk call adds to its span. */
export interface DingTalkSpanEnd {
  outcome: string;
  /** The HTTP status of DingTalk's answer, when one came. */
  status?: number;
  /** DingTalk's request id (from its body or its `x-acs-request-id` header). */
  requestId?: string;
}

/** Runs a call inside a span, and ends the span with what came of it. */
export interface DingTalkTracer {
  trace<T>(
    api: ConvFileApiName,
    app: string,
    call: (end: (result: DingTalkSpanEnd) => void) => Promise<T>,
  ): Promise<T>;
}

/** Without `@opentelemetry/api` installed: the call runs as it is. */
export const noTracer: DingTalkTracer = { trace: (_api, _app, call) => call(() => undefined) };

const TRACER_NAME = '@nest-dingtalk/conv-file';
/** `SpanKind.CLIENT` and `SpanStatusCode.ERROR` of the OpenTelemetry API. */
const CLIENT = 2;
const ERROR = 2;

/**
 * A span per convFile call through `@opentelemetry/api` (an optional peer: a no-op until the app
 * registers an SDK). Attributes: the API, the app's name, the outcome, DingTalk's status and
 * request id; never a token, a secret or an id of the request.
 */
export async function loadDingTalkTracer(): Promise<DingTalkTracer> {
  let api: typeof import('@opentelemetry/api');
  try {
    api = await import('@opentelemetry/api');
  } catch {
    return noTracer;
  }
  return {
    trace: (convFileApi, app, call) =>
      api.trace
        .getTracer(TRACER_NAME)
        .startActiveSpan(
          `DingTalk ${convFileApi}`,
          { kind: CLIENT, attributes: { 'dingtalk.api': convFileApi, 'dingtalk.app': app } },
          async (span) => {
            try {
              return await call((result) => {
                span.setAttribute('dingtalk.outcome', result.outcome);
                if (result.status !== undefined)
                  span.setAttribute('http.response.status_code', result.status);
                if (result.requestId !== undefined)
                  span.setAttribute('dingtalk.request_id', result.requestId);
                if (result.outcome !== 'ok')
                  span.setStatus({ code: ERROR, message: result.outcome });
              });
            } finally {
              span.end();
            }
          },
        ),
  };
}
