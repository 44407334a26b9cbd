import type { ArgumentsHost, HttpServer } from '@nestjs/common';
import type { DingTalkHttpAnswer } from './dingtalk-error-status.mapper';
import { replyWithErrorAnswer } from './dingtalk-error.reply';

function fakeResponse(headersSent = false) {
  const json = jest.fn();
  return {
    headersSent,
    setHeader: jest.fn(),
    end: jest.fn(),
    status: jest.fn(() => ({ json })),
    json,
  };
}

function hostFor(response: object, headers: Record<string, unknown> = {}): ArgumentsHost {
  return {
    switchToHttp: () => ({ getRequest: () => ({ headers }), getResponse: () => response }),
  } as unknown as ArgumentsHost;
}

function fakeAdapter(headersSent = false) {
  return {
    isHeadersSent: jest.fn(() => headersSent),
    end: jest.fn(),
    setHeader: jest.fn(),
    reply: jest.fn(),
  };
}

const throttled: DingTalkHttpAnswer = {
  status: 429,
  body: { code: 'rateLimited', message: 'm' },
  retryAfterSeconds: 2,
};

describe('replyWithErrorAnswer', () => {
  it('writes status, Retry-After and body on an Express-like response, with a safe inbound id', () => {
    const response = fakeResponse();

    replyWithErrorAnswer(hostFor(response, { 'x-request-id': 'r-1' }), throttled, undefined);

    expect(response.setHeader).toHaveBeenCalledWith('Retry-After', '2');
    expect(response.status).toHaveBeenCalledWith(429);
    expect(response.json).toHaveBeenCalledWith({
      code: 'rateLimited',
      message: 'm',
      requestid: 'r-1',
    });
  });

  it("keeps DingTalk's request id, and leaves out an inbound id that is not safe", () => {
    const withDingTalkId = fakeResponse();
    const unsafe = fakeResponse();
    const answer = { status: 400, body: { code: 'paramError', message: 'm', requestid: 'dt-1' } };

    replyWithErrorAnswer(hostFor(withDingTalkId, { 'x-request-id': 'r-1' }), answer, undefined);
    replyWithErrorAnswer(hostFor(unsafe, { 'x-request-id': 'a b' }), throttled, undefined);

    expect(withDingTalkId.json).toHaveBeenCalledWith(answer.body);
    expect(withDingTalkId.setHeader).not.toHaveBeenCalled();
    expect(unsafe.json).toHaveBeenCalledWith({ code: 'rateLimited', message: 'm' });
  });

  it('adds no requestid key at all when there is no id to give, on either path', () => {
    const response = fakeResponse();
    const adapterResponse = fakeResponse();
    const adapter = fakeAdapter();
    const answer = { status: 400, body: { code: 'paramError', message: 'm' } };

    replyWithErrorAnswer(hostFor(response), answer, undefined);
    replyWithErrorAnswer(hostFor(adapterResponse), answer, adapter as unknown as HttpServer);

    const [written] = response.json.mock.calls[0] as unknown[];
    const [, replied] = adapter.reply.mock.calls[0] as unknown[];
    expect(written).not.toHaveProperty('requestid');
    expect(replied).not.toHaveProperty('requestid');
    expect(written).toStrictEqual({ code: 'paramError', message: 'm' });
  });

  it("goes through Nest's HTTP adapter when there is one", () => {
    const response = fakeResponse();
    const adapter = fakeAdapter();

    replyWithErrorAnswer(hostFor(response), throttled, adapter as unknown as HttpServer);

    expect(adapter.setHeader).toHaveBeenCalledWith(response, 'Retry-After', '2');
    expect(adapter.reply).toHaveBeenCalledWith(response, throttled.body, 429);
    expect(response.status).not.toHaveBeenCalled();
  });

  it('only ends a response whose headers are already sent', () => {
    const response = fakeResponse(true);
    const adapter = fakeAdapter(true);
    const adapterResponse = fakeResponse();

    replyWithErrorAnswer(hostFor(response), throttled, undefined);
    replyWithErrorAnswer(hostFor(adapterResponse), throttled, adapter as unknown as HttpServer);

    expect(response.end).toHaveBeenCalled();
    expect(response.setHeader).not.toHaveBeenCalled();
    expect(response.status).not.toHaveBeenCalled();
    expect(adapter.end).toHaveBeenCalledWith(adapterResponse);
    expect(adapter.setHeader).not.toHaveBeenCalled();
    expect(adapter.reply).not.toHaveBeenCalled();
  });
});
