import { Logger } from '@nestjs/common';
import { JsonLogger } from './json.logger';
import { requestContext } from './request-context';

describe('JsonLogger (LOG_FORMAT=json)', () => {
  function capture(levels: ConstructorParameters<typeof JsonLogger>[0] = ['log', 'warn', 'error']) {
    const lines: string[] = [];
    const logger = new JsonLogger(levels, (line) => lines.push(line));
    return {
      logger,
      entries: () => lines.map((line) => JSON.parse(line) as Record<string, unknown>),
      lines,
    };
  }

  it('writes one JSON object per line with level, time, context and message', () => {
    const { logger, lines, entries } = capture();

    logger.log('started', 'Bootstrap');
    logger.warn('multi\nline', 'Redis');

    expect(lines).toHaveLength(2);
    expect(lines.every((line) => line.endsWith('}\n') && !line.slice(0, -1).includes('\n'))).toBe(
      true,
    );
    expect(entries()).toEqual([
      {
        level: 'log',
        time: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
        context: 'Bootstrap',
        message: 'started',
      },
      { level: 'warn', time: expect.any(String), context: 'Redis', message: 'multi\nline' },
    ]);
  });

  it('adds the request id of the request being served', () => {
    const { logger, entries } = capture();

    requestContext.run({ requestId: 'req-42' }, () => logger.log('inside', 'X'));
    logger.log('outside', 'X');

    expect(entries().map((entry) => entry.requestId)).toEqual(['req-42', undefined]);
  });

  it("spreads a structured message's fields at the top level", () => {
    const { logger, entries } = capture();

    logger.warn(
      { message: 'POST /x 403', status: 403, api: 'SendByApp', code: 'permissionDenied' },
      'HTTP',
    );

    expect(entries()[0]).toMatchObject({
      context: 'HTTP',
      message: 'POST /x 403',
      status: 403,
      api: 'SendByApp',
      code: 'permissionDenied',
    });
  });

  it('keeps an error’s stack apart from its context, and prints only the levels asked for', () => {
    const { logger, entries } = capture(['error']);

    logger.log('dropped', 'X');
    logger.error('failed', 'Error: failed\n    at x', 'Worker');
    logger.error(new Error('boom'), 'Worker');

    expect(entries()).toEqual([
      {
        level: 'error',
        time: expect.any(String),
        context: 'Worker',
        message: 'failed',
        stack: 'Error: failed\n    at x',
      },
      { level: 'error', time: expect.any(String), context: 'Worker', message: 'boom' },
    ]);
  });

  it("receives Nest's Logger calls with their context", () => {
    const { logger, entries } = capture();
    Logger.overrideLogger(logger);
    try {
      new Logger('Svc').log('hello');
    } finally {
      Logger.overrideLogger(['log', 'warn', 'error']);
    }
    expect(entries()[0]).toMatchObject({ context: 'Svc', message: 'hello' });
  });
});
