import { DingTalkApiError } from '../errors/dingtalk-api.error';
import { DingTalkNetworkError } from '../errors/dingtalk-network.error';
import { DingTalkTimeoutError } from '../errors/dingtalk-timeout.error';
import { resolveConvFileOptions } from '../options/conv-file-options.resolver';
import {
  DingTalkHttpTransport,
  type HttpAnswer,
  type HttpExchange,
} from './dingtalk-http.transport';
import { ExchangeTimeoutError } from './exchange-timeout.error';

const SEND_BY_APP = '/v1.0/convFile/apps/conversations/files/send';
const GET_SPACE = '/v1.0/convFile/conversations/spaces/query';

/**
 * A transport whose exchange the spec scripts, as the undici and axios ones make it for real:
 * it records each request and answers, or fails, as told.
 */
class ScriptedTransport extends DingTalkHttpTransport {
  readonly exchanges: HttpExchange[] = [];
  private outcome = (): Promise<HttpAnswer> => Promise.resolve({ status: 200, body: '{}' });

  constructor() {
    super(resolveConvFileOptions({ accessTokenProvider: () => 'token', timeoutMs: 1234 }, {}));
  }

  answer(answer: HttpAnswer): this {
    this.outcome = () => Promise.resolve(answer);
    return this;
  }

  /** Fails the exchange with `error`; `beforeWriting` records it as a real transport does. */
  fail(error: Error, { beforeWriting = false } = {}): this {
    if (beforeWriting) this.notSent.add(error);
    this.outcome = () => Promise.reject(error);
    return this;
  }

  protected exchange(request: HttpExchange): Promise<HttpAnswer> {
    this.exchanges.push(request);
    return this.outcome();
  }
}

describe('DingTalkHttpTransport', () => {
  const failureOf = (promise: Promise<unknown>) => promise.catch((error: unknown) => error);

  describe('the request', () => {
    it("POSTs the body as JSON to the API's path, with the query encoded and the token in its header", async () => {
      const transport = new ScriptedTransport().answer({
        status: 200,
        body: '{"file":{"id":"1"}}',
      });

      const answer = await transport.post(
        'SendByApp',
        { spaceId: 's', dentryId: 'd' },
        { query: { unionId: 'a b&c=d', 'ü key': 'é' }, accessToken: 'the-token' },
      );

      expect(answer).toEqual({ file: { id: '1' } });
      expect(transport.exchanges).toEqual([
        {
          path: `${SEND_BY_APP}?unionId=a%20b%26c%3Dd&%C3%BC%20key=%C3%A9`,
          headers: {
            'content-type': 'application/json',
            accept: 'application/json',
            'x-acs-dingtalk-access-token': 'the-token',
          },
          body: '{"spaceId":"s","dentryId":"d"}',
        },
      ]);
    });

    it('adds no query string for an empty query, and no token header without a token', async () => {
      const transport = new ScriptedTransport();

      await transport.post('GetSpace', {}, { query: {} });
      await transport.post('GetSpace', {});

      expect(transport.exchanges.map((exchange) => exchange.path)).toEqual([GET_SPACE, GET_SPACE]);
      for (const exchange of transport.exchanges) {
        expect(Object.keys(exchange.headers).sort()).toEqual(['accept', 'content-type']);
      }
    });
  });

  describe('the answer', () => {
    it("keeps the status and DingTalk's request id from the body, else from the header", async () => {
      const transport = new ScriptedTransport().answer({
        status: 201,
        body: '{"requestid":"from-body"}',
        headerRequestId: 'from-header',
      });
      await expect(transport.exchangeJson('GetSpace', {})).resolves.toEqual({
        body: { requestid: 'from-body' },
        status: 201,
        requestId: 'from-body',
      });

      transport.answer({ status: 200, body: '{"requestid":7}', headerRequestId: 'from-header' });
      await expect(transport.exchangeJson('GetSpace', {})).resolves.toMatchObject({
        requestId: 'from-header',
      });
    });

    it("hands DingTalk's typed errors on as they are", async () => {
      const apiError = new DingTalkApiError('no', {
        api: 'GetSpace',
        code: 'paramError',
        status: 400,
      });
      const transport = new ScriptedTransport().fail(apiError);

      await expect(transport.post('GetSpace', {})).rejects.toBe(apiError);
    });
  });

  describe('a failed exchange', () => {
    it('past its deadline is a timeout, of unknown outcome for a send only', async () => {
      const transport = new ScriptedTransport().fail(new ExchangeTimeoutError());

      const send = await failureOf(transport.post('SendByApp', {}));
      const query = await failureOf(transport.post('GetSpace', {}));

      expect(send).toBeInstanceOf(DingTalkTimeoutError);
      expect(send).toMatchObject({ api: 'SendByApp', timeoutMs: 1234, outcomeUnknown: true });
      expect(query).toMatchObject({ api: 'GetSpace', timeoutMs: 1234, outcomeUnknown: false });
    });

    it('written, then lost: a send was sent and its outcome is unknown; the message names the code', async () => {
      const transport = new ScriptedTransport().fail(
        Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }),
      );

      const error = await failureOf(transport.post('SendByApp', {}));

      expect(error).toBeInstanceOf(DingTalkNetworkError);
      expect(error).toMatchObject({
        message:
          'Could not reach DingTalk for SendByApp (ECONNRESET); the file may or may not have been delivered, check before sending again',
        systemCode: 'ECONNRESET',
        requestSent: true,
        outcomeUnknown: true,
      });
    });

    it('before writing: certainly not sent, so its outcome is known', async () => {
      const transport = new ScriptedTransport().fail(
        Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }),
        { beforeWriting: true },
      );

      await expect(transport.post('SendByApp', {})).rejects.toMatchObject({
        requestSent: false,
        outcomeUnknown: false,
      });
    });

    it('without any code says "connection failed"', async () => {
      const transport = new ScriptedTransport().fail(new Error('something broke'));

      const error = await failureOf(transport.post('GetSpace', {}));

      expect(error).toBeInstanceOf(DingTalkNetworkError);
      expect(error).toMatchObject({
        message: 'Could not reach DingTalk for GetSpace (connection failed)',
        systemCode: undefined,
      });
    });

    it.each([
      ['from its cause', { cause: { code: 'EPIPE' } }, 'EPIPE'],
      ["from its cause's cause", { cause: { cause: { code: 'EPIPE' } } }, 'EPIPE'],
      ['no deeper than that', { cause: { cause: { cause: { code: 'EPIPE' } } } }, undefined],
      ['of the error itself first', { code: 'ECONNRESET', cause: { code: 'EPIPE' } }, 'ECONNRESET'],
      ['skipping one that is not text', { code: 42, cause: { code: 'EPIPE' } }, 'EPIPE'],
      [
        'skipping text that only ends in a code',
        { code: 'see ECONNRESET', cause: { code: 'EPIPE' } },
        'EPIPE',
      ],
      [
        'skipping text that only begins with a code',
        { code: 'ECONNRESET here', cause: { code: 'EPIPE' } },
        'EPIPE',
      ],
      ['skipping lower case', { code: 'econnreset', cause: { code: 'EPIPE' } }, 'EPIPE'],
    ])('reads the system code %s', async (_case, error, systemCode) => {
      const transport = new ScriptedTransport().fail(Object.assign(new Error('failed'), error));

      await expect(transport.post('GetSpace', {})).rejects.toMatchObject({ systemCode });
    });
  });
});
