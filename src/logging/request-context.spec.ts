import { requestContext, requestScope } from './request-context';

/** Runs `next` through the scope and reports what the context store says inside it, now and after an await. */
async function storeSeenThrough(format: 'text' | 'json') {
  let seen: Promise<[unknown, unknown]> | undefined;
  requestScope(format)({ requestId: 'r-1' }, () => {
    seen = (async () => {
      const now = requestContext.getStore();
      await Promise.resolve();
      return [now, requestContext.getStore()];
    })();
  });
  return seen;
}

describe('requestScope', () => {
  it('with LOG_FORMAT=json runs the rest of the request in its context, across awaits', async () => {
    await expect(storeSeenThrough('json')).resolves.toEqual([
      { requestId: 'r-1' },
      { requestId: 'r-1' },
    ]);
  });

  it('with LOG_FORMAT=text runs the rest of the request without keeping any context', async () => {
    await expect(storeSeenThrough('text')).resolves.toEqual([undefined, undefined]);
  });

  it('runs the rest of the request exactly once, at once, in either format', () => {
    for (const format of ['text', 'json'] as const) {
      const next = jest.fn();
      requestScope(format)({ requestId: 'r-2' }, next);
      expect(next).toHaveBeenCalledTimes(1);
    }
  });
});
