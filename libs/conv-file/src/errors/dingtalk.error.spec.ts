import { inspect } from 'node:util';
import { DingTalkApiError } from './dingtalk-api.error';
import { DingTalkError } from './dingtalk.error';

describe('DingTalkError', () => {
  it('keeps the underlying error as its cause when one is given', () => {
    const cause = new Error('socket hang up');

    const error = new DingTalkError('m', { code: 'upstreamUnavailable', cause });

    expect(error.cause).toBe(cause);
  });

  it('has no cause at all when none is given, not a cause that is undefined', () => {
    const error = new DingTalkError('m', { code: 'paramError' });

    expect(Object.hasOwn(error, 'cause')).toBe(false);
    expect(inspect(error)).not.toContain('[cause]');
  });

  it('carries its options, and the name of the class it was made as', () => {
    const error = new DingTalkApiError('refused', {
      code: 'paramError.spaceId',
      api: 'GetSpace',
      status: 400,
      requestId: 'req-1',
    });

    expect(error).toBeInstanceOf(DingTalkError);
    expect(error).toMatchObject({
      name: 'DingTalkApiError',
      message: 'refused',
      code: 'paramError.spaceId',
      api: 'GetSpace',
      status: 400,
      requestId: 'req-1',
      outcomeUnknown: false,
    });
  });
});
