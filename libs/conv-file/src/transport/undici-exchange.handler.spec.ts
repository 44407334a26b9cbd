import type { HttpAnswer } from './dingtalk-http.transport';
import { ExchangeTimeoutError } from './exchange-timeout.error';
import { UndiciExchangeHandler } from './undici-exchange.handler';

const headers = (...pairs: string[]) => pairs.map((part) => Buffer.from(part));

describe('UndiciExchangeHandler', () => {
  let outcome: { answer?: HttpAnswer; error?: Error };
  let handler: UndiciExchangeHandler;

  beforeEach(() => {
    jest.useFakeTimers();
    outcome = {};
    handler = new UndiciExchangeHandler(
      (answer) => (outcome.answer = answer),
      (error) => (outcome.error = error),
      1000,
    );
  });
  afterEach(() => jest.useRealTimers());

  it('aborts the exchange at its deadline with ExchangeTimeoutError, and not before', () => {
    const abort = jest.fn();
    handler.onConnect(abort);

    jest.advanceTimersByTime(999);
    expect(abort).not.toHaveBeenCalled();
    jest.advanceTimersByTime(1);

    expect(abort).toHaveBeenCalledWith(expect.any(ExchangeTimeoutError));
  });

  it('fails at its deadline an exchange still waiting for a connection, and aborts it when one comes', () => {
    jest.advanceTimersByTime(1000);
    expect(outcome.error).toBeInstanceOf(ExchangeTimeoutError);

    const abort = jest.fn();
    handler.onConnect(abort);
    expect(abort).toHaveBeenCalledWith(expect.any(ExchangeTimeoutError));
  });

  it.each([
    ['completed', () => handler.onComplete()],
    ['failed', () => handler.onError(new Error('socket hang up'))],
  ])('stops its deadline once the exchange %s', (_case, end) => {
    const abort = jest.fn();
    handler.onConnect(abort);
    end();

    jest.advanceTimersByTime(1000);
    expect(abort).not.toHaveBeenCalled();
  });

  it('hands over the final status, the body from its pieces, and the request id header', () => {
    handler.onConnect(jest.fn());
    handler.onHeaders(103, headers('Link', '</a.css>', 'X-Acs-Request-Id', 'early'));
    handler.onHeaders(200, headers('Content-Type', 'application/json', 'X-Acs-Request-Id', 'r-1'));
    handler.onData(Buffer.from('{"a":'));
    handler.onData(Buffer.from('"é"}'));
    handler.onComplete();

    expect(outcome.answer).toEqual({ status: 200, body: '{"a":"é"}', headerRequestId: 'r-1' });
  });

  it.each([
    ['absent', headers('content-type', 'application/json'), undefined],
    ['empty', headers('x-acs-request-id', ''), undefined],
    ['given twice', headers('x-acs-request-id', 'a', 'x-acs-request-id', 'b'), undefined],
    ['in any case', headers('X-ACS-REQUEST-ID', 'r-2'), 'r-2'],
    ['absent, and another has its length', headers('content-language', 'zh-CN'), undefined],
    [
      'beside another of its length',
      headers('x-acs-request-id', 'r-3', 'content-language', 'zh-CN'),
      'r-3',
    ],
  ])('has no request id when the header is %s, else its value', (_case, raw, expected) => {
    handler.onHeaders(200, raw);
    handler.onData(Buffer.from('{}'));
    handler.onComplete();

    expect(outcome.answer?.headerRequestId).toBe(expected);
  });

  it('keeps no request id of a 1xx answer for a final answer without one', () => {
    handler.onHeaders(103, headers('x-acs-request-id', 'early'));
    handler.onHeaders(200, headers('content-type', 'application/json'));
    handler.onData(Buffer.from('{}'));
    handler.onComplete();

    expect(outcome.answer?.headerRequestId).toBeUndefined();
  });

  it('has started once undici hands the request to a connection, not before', () => {
    expect(handler.started).toBe(false);
    handler.onConnect(jest.fn());
    expect(handler.started).toBe(true);
  });

  it('has not started when the deadline passed before a connection came', () => {
    jest.advanceTimersByTime(1000);
    handler.onConnect(jest.fn());

    expect(handler.started).toBe(false);
  });

  it('drops a UTF-8 byte order mark, and only that', () => {
    handler.onHeaders(200, []);
    handler.onData(Buffer.from([0xef, 0xbb, 0xbf]));
    handler.onData(Buffer.from('{"bom":"\ufeff"}'));
    handler.onComplete();

    expect(outcome.answer?.body).toBe('{"bom":"\ufeff"}');
  });

  it.each([
    ['begins with its first byte', 'ｅｒｒｏｒ'],
    ['has its second byte second', 'Ȼ error'],
    ['has its third byte third', 'a¿'],
  ])('keeps every byte of a body that %s, but is no byte order mark', (_case, text) => {
    handler.onHeaders(502, []);
    handler.onData(Buffer.from(text));
    handler.onComplete();

    expect(outcome.answer?.body).toBe(text);
  });

  it('starts the body afresh when undici connects the exchange again (it does so for idempotent requests only)', () => {
    handler.onConnect(jest.fn());
    handler.onData(Buffer.from('lost'));
    handler.onConnect(jest.fn());
    handler.onHeaders(200, []);
    handler.onData(Buffer.from('{}'));
    handler.onComplete();

    expect(outcome.answer?.body).toBe('{}');
  });
});
