import { PrometheusMetrics } from './prometheus.metrics';

describe('PrometheusMetrics', () => {
  async function outcomesAfter(outcomes: string[]): Promise<string[]> {
    const metrics = new PrometheusMetrics();
    for (const outcome of outcomes) {
      metrics.callEnded({ api: 'SendByApp', app: 'default', outcome, durationSeconds: 0.01 });
    }
    const { body } = await metrics.scrape();
    return [...body.matchAll(/^dingtalk_calls_total\{[^}]*outcome="([^"]*)"\} (\d+)$/gm)].map(
      ([, outcome, count]) => `${outcome}=${count}`,
    );
  }

  it("labels calls with DingTalk's and the library's codes, and every other text as `other`", async () => {
    expect(
      await outcomesAfter([
        'ok',
        'permissionDenied',
        'paramError.spaceId',
        'Forbidden.AccessDenied.QpsLimitForAppkeyAndApi',
        'rateLimited',
        'timeout',
        'order-4711-failed',
        'Error.Id.8d0e5c1a',
        'paramError.spaceId; drop table',
      ]),
    ).toEqual([
      'ok=1',
      'permissionDenied=1',
      'paramError.spaceId=1',
      'Forbidden.AccessDenied.QpsLimitForAppkeyAndApi=1',
      'rateLimited=1',
      'timeout=1',
      'other=3',
    ]);
  });
});
