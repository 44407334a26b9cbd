import { createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { DingTalkNetworkError } from '../errors/dingtalk-network.error';
import { resolveConvFileOptions } from '../options/conv-file-options.resolver';
import { UndiciHttpTransport } from './undici-http.transport';

/**
 * A TCP server on 127.0.0.1:0 that accepts connections and never says a word: no TLS handshake,
 * no proxy answer. `spoken` resolves when a client first sent it something.
 */
class SilentServer {
  readonly spoken: Promise<void>;
  private readonly sockets = new Set<Socket>();
  private readonly server: Server;
  port = 0;

  private constructor() {
    let heard!: () => void;
    this.spoken = new Promise<void>((resolve) => (heard = resolve));
    this.server = createServer((socket) => {
      this.sockets.add(socket);
      socket.once('close', () => this.sockets.delete(socket));
      socket.on('error', () => undefined);
      socket.once('data', () => heard());
    });
  }

  static async start(): Promise<SilentServer> {
    const silent = new SilentServer();
    await new Promise<void>((resolve) => silent.server.listen(0, '127.0.0.1', resolve));
    silent.port = (silent.server.address() as AddressInfo).port;
    return silent;
  }

  async close(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

describe('UndiciHttpTransport', () => {
  let silent: SilentServer;
  let transport: UndiciHttpTransport | undefined;

  beforeEach(async () => {
    silent = await SilentServer.start();
    // undici's connect timeout and the connector's run on these timers; sockets stay real.
    jest.useFakeTimers({ doNotFake: ['nextTick', 'setImmediate', 'queueMicrotask'] });
  });
  afterEach(async () => {
    jest.useRealTimers();
    await silent.close();
    await transport?.onApplicationShutdown();
    transport = undefined;
  });

  /** The transport with a 10 s deadline per call, longer than the 5 s a connection may take. */
  const start = (options: { baseUrl: string; proxy?: { url: string } }) => {
    transport = new UndiciHttpTransport(
      resolveConvFileOptions(
        { accessTokenProvider: () => 'token', timeoutMs: 10_000, proxy: false, ...options },
        {},
      ),
    );
    return transport;
  };

  it.each([
    ['a TLS handshake that never answers', () => ({ baseUrl: `https://127.0.0.1:${silent.port}` })],
    [
      'a proxy that never answers CONNECT',
      () => ({
        baseUrl: 'https://dingtalk.test',
        proxy: { url: `http://127.0.0.1:${silent.port}` },
      }),
    ],
  ])(
    'gives up connecting after 5 s, well within a 10 s deadline: %s is certainly not sent',
    async (_case, options) => {
      const call = start(options()).post('SendByApp', {}, { accessToken: 'token' });
      const failure = call.catch((error: unknown) => error);
      await silent.spoken;

      // undici's timer ticks every half second: its 5 s connect timeout fires within 6 s.
      jest.advanceTimersByTime(6000);

      const error = await failure;
      expect(error).toBeInstanceOf(DingTalkNetworkError);
      expect(error).toMatchObject({
        systemCode: 'UND_ERR_CONNECT_TIMEOUT',
        requestSent: false,
        outcomeUnknown: false,
      });
    },
  );
});
