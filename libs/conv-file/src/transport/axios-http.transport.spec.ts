import { HttpService } from '@nestjs/axios';
import axios, { type CreateAxiosDefaults } from 'axios';
import { Agent as HttpsAgent, createServer, type Server } from 'node:https';
import type { AddressInfo, Socket } from 'node:net';
import { DingTalkApiError } from '../errors/dingtalk-api.error';
import { DingTalkNetworkError } from '../errors/dingtalk-network.error';
import { resolveConvFileOptions } from '../options/conv-file-options.resolver';
import { LOCALHOST_TLS } from '../../testing/localhost-tls.test-helper';
import { FakeDingTalk } from '../../testing/fake-dingtalk.server';
import { AxiosHttpTransport } from './axios-http.transport';

const GET_SPACE = '/v1.0/convFile/conversations/spaces/query';

/** What the https stand-in for DingTalk does with each request it has read. */
type HttpsReply = 'answer' | 'destroy';

describe('AxiosHttpTransport', () => {
  let httpsServer: Server | undefined;
  let fake: FakeDingTalk | undefined;
  const sockets = new Set<Socket>();
  const agents: HttpsAgent[] = [];

  afterEach(async () => {
    for (const agent of agents.splice(0)) agent.destroy();
    for (const socket of sockets) socket.destroy();
    if (httpsServer) await new Promise<void>((resolve) => httpsServer!.close(() => resolve()));
    httpsServer = undefined;
    await fake?.close();
    fake = undefined;
  });

  /** The transport on the app's own HttpService, made with these axios settings. */
  const transportFor = (baseUrl: string, settings: CreateAxiosDefaults = {}) =>
    new AxiosHttpTransport(
      resolveConvFileOptions({ accessTokenProvider: () => 'token', baseUrl }, {}),
      new HttpService(axios.create(settings)),
    );

  /** An https stand-in for DingTalk on 127.0.0.1, with the spec's localhost certificate. */
  const startHttpsDingTalk = async (reply: HttpsReply, seen: string[] = []): Promise<string> => {
    httpsServer = createServer(LOCALHOST_TLS, (request, response) => {
      seen.push(`${request.method} ${request.url}`);
      request.resume().once('end', () => {
        if (reply === 'destroy') request.socket.destroy();
        else response.writeHead(200, { 'content-type': 'application/json' }).end('{"space":{}}');
      });
    });
    httpsServer.on('connection', (socket: Socket) => {
      sockets.add(socket);
      socket.once('close', () => sockets.delete(socket));
    });
    httpsServer.on('tlsClientError', () => undefined);
    await new Promise<void>((resolve) => httpsServer!.listen(0, '127.0.0.1', resolve));
    return `https://localhost:${(httpsServer.address() as AddressInfo).port}`;
  };

  /** The app's agent, trusting the spec's certificate as an app trusts its own CA. */
  const trustingAgent = () => {
    const agent = new HttpsAgent({ ca: LOCALHOST_TLS.cert });
    agents.push(agent);
    return agent;
  };

  describe('to an https DingTalk', () => {
    it("calls it over TLS, with the app's agent", async () => {
      const seen: string[] = [];
      const baseUrl = await startHttpsDingTalk('answer', seen);

      const answer = await transportFor(baseUrl, { httpsAgent: trustingAgent() }).post(
        'GetSpace',
        {},
      );

      expect(answer).toEqual({ space: {} });
      expect(seen).toEqual([`POST ${GET_SPACE}`]);
    });

    it('a TLS connection opened for a send and lost after the request was written: sent, outcome unknown', async () => {
      const baseUrl = await startHttpsDingTalk('destroy');

      const error = await transportFor(baseUrl, { httpsAgent: trustingAgent() })
        .post('SendByApp', {})
        .catch((thrown: unknown) => thrown);

      expect(error).toBeInstanceOf(DingTalkNetworkError);
      expect(error).toMatchObject({ requestSent: true, outcomeUnknown: true });
    });

    it('a TLS handshake that fails (the certificate is not trusted) is certainly not sent, and names the TLS failure', async () => {
      const seen: string[] = [];
      const baseUrl = await startHttpsDingTalk('answer', seen);

      const error = await transportFor(baseUrl)
        .post('SendByApp', {})
        .catch((thrown: unknown) => thrown);

      expect(error).toBeInstanceOf(DingTalkNetworkError);
      expect(error).toMatchObject({
        systemCode: 'DEPTH_ZERO_SELF_SIGNED_CERT',
        requestSent: false,
        outcomeUnknown: false,
      });
      expect(seen).toEqual([]);
    });
  });

  it("reads a body that the app's interceptors turned into something other than text as no answer at all", async () => {
    fake = await FakeDingTalk.start();
    const httpService = new HttpService(axios.create());
    httpService.axiosRef.interceptors.response.use((response) => ({
      ...response,
      data: JSON.parse(response.data as string) as unknown,
    }));
    const transport = new AxiosHttpTransport(
      resolveConvFileOptions({ accessTokenProvider: () => 'token', baseUrl: fake.url }, {}),
      httpService,
    );

    const error = await transport.post('GetSpace', {}).catch((thrown: unknown) => thrown);

    expect(error).toBeInstanceOf(DingTalkApiError);
    expect(error).toMatchObject({ code: 'upstreamBadResponse', bodyExcerpt: '(empty body)' });
  });

  it("leaves no timer behind once a call is answered: the call's deadline is cleared", async () => {
    fake = await FakeDingTalk.start();
    const transport = new AxiosHttpTransport(
      resolveConvFileOptions(
        { accessTokenProvider: () => 'token', baseUrl: fake.url, timeoutMs: 600_000 },
        {},
      ),
      new HttpService(axios.create()),
    );
    const timers = () => process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length;
    await transport.post('GetSpace', {});
    const before = timers();

    await transport.post('GetSpace', {});
    await transport.post('GetSpace', {}).catch(() => undefined);

    expect(timers()).toBe(before);
  });
});
