import { Test, type TestingModule } from '@nestjs/testing';
import { once } from 'node:events';
import { createServer } from 'node:http';
import {
  connect as connectTcp,
  createServer as createTcpServer,
  type AddressInfo,
  type Server,
  type Socket,
} from 'node:net';
import {
  createSecureContext,
  createServer as createTlsServer,
  type Server as TlsServer,
  type TLSSocket,
} from 'node:tls';
import { inspect } from 'node:util';
import type { buildConnector } from 'undici';
import {
  ConvFileModule,
  ConvFileService,
  DingTalkNetworkError,
  type ConvFileModuleOptions,
} from '@nest-dingtalk/conv-file';
import { APP_KEY, APP_SECRET } from '../../testing/conv-file.test-helper';
import { FakeDingTalk, SAMPLE_FILE } from '../../testing/fake-dingtalk.server';
import { ForwardProxy } from '../../testing/forward-proxy.server';
import { LOCALHOST_TLS } from '../../testing/localhost-tls.test-helper';
import { tunnelConnector } from './http-proxy.connector';

const SEND_INPUT = { unionId: 'u', spaceId: 's', dentryId: 'd' };
const PROXY_ENV = [
  'HTTPS_PROXY',
  'https_proxy',
  'HTTP_PROXY',
  'http_proxy',
  'NO_PROXY',
  'no_proxy',
];

describe('the default transport through an HTTP proxy', () => {
  let fake: FakeDingTalk;
  let proxy: ForwardProxy;
  let moduleRef: TestingModule | undefined;
  const savedEnv = Object.fromEntries(PROXY_ENV.map((name) => [name, process.env[name]]));

  beforeEach(async () => {
    fake = await FakeDingTalk.start();
    proxy = await ForwardProxy.start('alice:s3cret pass');
    for (const name of PROXY_ENV) delete process.env[name];
  });
  afterEach(async () => {
    for (const [name, value] of Object.entries(savedEnv)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
    await moduleRef?.close();
    moduleRef = undefined;
    await proxy.close();
    await fake.close();
  });

  const withCredentials = () => proxy.url.replace('http://', 'http://alice:s3cret%20pass@');
  const start = async (options: Partial<ConvFileModuleOptions> = {}) => {
    moduleRef = await Test.createTestingModule({
      imports: [
        ConvFileModule.forRoot({
          appKey: APP_KEY,
          appSecret: APP_SECRET,
          baseUrl: fake.url,
          rateLimit: false,
          ...options,
        }),
      ],
    }).compile();
    await moduleRef.init();
    return moduleRef.get(ConvFileService);
  };
  const fakeHost = () => new URL(fake.url).host;

  it('tunnels every call through the proxy option, with its credentials', async () => {
    const convFiles = await start({ proxy: { url: withCredentials() }, retry: false });

    await expect(convFiles.sendByApp(SEND_INPUT)).resolves.toEqual({ file: SAMPLE_FILE });

    // The token request and the send, each through a tunnel to DingTalk's host.
    expect(new Set(proxy.tunnels.map((t) => t.target))).toEqual(new Set([fakeHost()]));
    for (const tunnel of proxy.tunnels) {
      expect(tunnel.proxyAuthorization).toBe(`Basic ${btoa('alice:s3cret pass')}`);
    }
    expect(fake.requests).toHaveLength(2);
  });

  it.each(['HTTP_PROXY', 'http_proxy'])('honours %s from the environment', async (name) => {
    process.env[name] = withCredentials();
    const convFiles = await start();

    await convFiles.sendByApp(SEND_INPUT);

    expect(proxy.tunnels.length).toBeGreaterThan(0);
    expect(new Set(proxy.tunnels.map((t) => t.target))).toEqual(new Set([fakeHost()]));
  });

  it.each(['127.0.0.1', '*', `127.0.0.1:${'PORT'}`])(
    'bypasses it for NO_PROXY=%s',
    async (entry) => {
      process.env.HTTP_PROXY = withCredentials();
      process.env.NO_PROXY = `example.com, ${entry.replace('PORT', new URL(fake.url).port)}`;
      const convFiles = await start();

      await convFiles.sendByApp(SEND_INPUT);

      expect(proxy.tunnels).toHaveLength(0);
      expect(fake.requests).toHaveLength(2);
    },
  );

  it('ignores the environment with proxy: false', async () => {
    process.env.HTTP_PROXY = 'http://127.0.0.1:1';
    const convFiles = await start({ proxy: false });

    await expect(convFiles.sendByApp(SEND_INPUT)).resolves.toEqual({ file: SAMPLE_FILE });
  });

  it('a dead proxy is a typed "not sent" error, and the credentials appear nowhere', async () => {
    const dead = createServer();
    await new Promise<void>((resolve) => dead.listen(0, '127.0.0.1', resolve));
    const { port } = dead.address() as AddressInfo;
    await new Promise<void>((resolve) => dead.close(() => resolve()));
    const convFiles = await start({
      proxy: { url: `http://alice:s3cret%20pass@127.0.0.1:${port}` },
      accessTokenProvider: () => 'token',
      appKey: undefined,
      appSecret: undefined,
      retry: false,
    });

    const error = await convFiles.sendByApp(SEND_INPUT).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(DingTalkNetworkError);
    expect(error).toMatchObject({ requestSent: false, outcomeUnknown: false });
    expect(inspect(error, { depth: 10, showHidden: true }) + JSON.stringify(error)).not.toMatch(
      /s3cret|alice/,
    );
    expect(fake.requests).toHaveLength(0);
  });

  it('a tunnel the proxy refuses (wrong credentials) is not sent either', async () => {
    const convFiles = await start({
      proxy: { url: proxy.url.replace('http://', 'http://alice:wrong@') },
      accessTokenProvider: () => 'token',
      appKey: undefined,
      appSecret: undefined,
      retry: false,
    });

    await expect(convFiles.sendByApp(SEND_INPUT)).rejects.toMatchObject({ requestSent: false });
    expect(fake.requests).toHaveLength(0);
  });

  it('refuses a proxy URL it cannot use, naming where it came from but not the value', async () => {
    process.env.HTTP_PROXY = 'socks5://user:hunter2@proxy:1080';

    const failure = await start().catch((e: unknown) => e);

    expect(String(failure)).toContain(
      'option proxy must be an http:// proxy URL (read from HTTP_PROXY)',
    );
    expect(String(failure)).not.toContain('hunter2');
  });
});

/** What a scripted proxy does with a CONNECT once it read its head (the request up to its blank line). */
type ProxyScript = (client: Socket, proxy: ScriptedProxy) => void | Promise<void>;

/**
 * A raw TCP proxy on 127.0.0.1:0 whose answer to CONNECT each test scripts, byte for byte; it keeps
 * each request's head as sent and resolves `closed` when the first client's connection closes.
 */
class ScriptedProxy {
  readonly heads: string[] = [];
  private readonly sockets = new Set<Socket>();
  private readonly server: Server;
  private closedConnection!: () => void;
  /** Resolves when the first connection to the proxy has closed. */
  readonly closed = new Promise<void>((resolve) => (this.closedConnection = resolve));
  url!: URL;

  private constructor(script: ProxyScript) {
    this.server = createTcpServer((client) => {
      client.setNoDelay(true);
      this.track(client);
      client.once('close', () => this.closedConnection());
      client.on('error', () => undefined);
      let head = '';
      const onData = (chunk: Buffer) => {
        head += chunk.toString('latin1');
        if (!head.includes('\r\n\r\n')) return;
        client.off('data', onData);
        this.heads.push(head);
        void script(client, this);
      };
      client.on('data', onData);
    });
  }

  static async start(script: ProxyScript, credentials = ''): Promise<ScriptedProxy> {
    const proxy = new ScriptedProxy(script);
    await new Promise<void>((resolve) => proxy.server.listen(0, '127.0.0.1', resolve));
    const { port } = proxy.server.address() as AddressInfo;
    proxy.url = new URL(`http://${credentials}127.0.0.1:${port}`);
    return proxy;
  }

  /** Opens the tunnel to 127.0.0.1:`port` and relays both ways, as a real proxy does. */
  static tunnelTo(port: number): ProxyScript {
    return (client, proxy) => {
      const upstream = connectTcp(port, '127.0.0.1', () => {
        client.write('HTTP/1.1 200 Connection established\r\n\r\n');
        upstream.pipe(client).pipe(upstream);
      });
      proxy.track(upstream);
      upstream.on('error', () => client.destroy());
    };
  }

  track(socket: Socket): void {
    this.sockets.add(socket);
    socket.once('close', () => this.sockets.delete(socket));
  }

  async close(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

type ConnectOutcome = { error: Error | null; socket: Socket | TLSSocket | null };

describe('tunnelConnector', () => {
  const DEFAULT_TARGET: buildConnector.Options = {
    hostname: 'dingtalk.test',
    protocol: 'https:',
    port: '8443',
  };
  let proxy: ScriptedProxy | undefined;
  let tlsServer: TlsServer | undefined;
  const opened: Array<Socket | TLSSocket> = [];

  afterEach(async () => {
    for (const socket of opened.splice(0)) socket.destroy();
    await proxy?.close();
    proxy = undefined;
    if (tlsServer) await new Promise<void>((resolve) => tlsServer!.close(() => resolve()));
    tlsServer = undefined;
  });

  /** Runs the connector once; `first` is its first outcome, `outcomes` every call of its callback. */
  const connect = (
    target: Partial<buildConnector.Options> = {},
    timeoutMs = 60_000,
  ): { first: Promise<ConnectOutcome>; outcomes: ConnectOutcome[] } => {
    const outcomes: ConnectOutcome[] = [];
    const first = new Promise<ConnectOutcome>((resolve) => {
      tunnelConnector({ url: proxy!.url }, timeoutMs)(
        { ...DEFAULT_TARGET, ...target },
        (error: Error | null, socket: Socket | TLSSocket | null) => {
          if (socket) opened.push(socket);
          const outcome = { error, socket };
          outcomes.push(outcome);
          resolve(outcome);
        },
      );
    });
    return { first, outcomes };
  };

  /** A TLS server for `localhost` that records the name each client asks for (SNI). */
  const startTlsServer = async (servernames: string[]): Promise<number> => {
    const context = createSecureContext(LOCALHOST_TLS);
    tlsServer = createTlsServer({
      ...LOCALHOST_TLS,
      SNICallback: (servername, callback) => {
        servernames.push(servername);
        callback(null, context);
      },
    });
    tlsServer.on('tlsClientError', () => undefined);
    await new Promise<void>((resolve) => tlsServer!.listen(0, '127.0.0.1', resolve));
    return (tlsServer.address() as AddressInfo).port;
  };

  const refuseWith =
    (answer: string): ProxyScript =>
    (client) =>
      void client.write(answer);

  it('asks the proxy for a tunnel to the host and port, and says nothing else without credentials', async () => {
    proxy = await ScriptedProxy.start(refuseWith('HTTP/1.1 403 Forbidden\r\n\r\n'));

    await connect().first;

    expect(proxy.heads).toEqual([
      'CONNECT dingtalk.test:8443 HTTP/1.1\r\nHost: dingtalk.test:8443\r\n\r\n',
    ]);
  });

  it("sends the proxy URL's credentials, decoded, as Basic Proxy-Authorization", async () => {
    proxy = await ScriptedProxy.start(
      refuseWith('HTTP/1.1 403 Forbidden\r\n\r\n'),
      'alice:s3cret%20pass@',
    );

    await connect().first;

    expect(proxy.heads).toEqual([
      'CONNECT dingtalk.test:8443 HTTP/1.1\r\nHost: dingtalk.test:8443\r\n' +
        `Proxy-Authorization: Basic ${btoa('alice:s3cret pass')}\r\n\r\n`,
    ]);
  });

  it.each([
    ['https:', 443],
    ['http:', 80],
  ])('tunnels to port %s %i when the URL names no port', async (protocol, port) => {
    proxy = await ScriptedProxy.start(refuseWith('HTTP/1.1 403 Forbidden\r\n\r\n'));

    await connect({ protocol, port: '' }).first;

    expect(proxy.heads[0]).toMatch(new RegExp(`^CONNECT dingtalk\\.test:${port} HTTP/1\\.1\\r\\n`));
  });

  it('fails with EPROXYTUNNEL, naming the status, when the proxy refuses the tunnel, and closes the connection', async () => {
    proxy = await ScriptedProxy.start(
      refuseWith('HTTP/1.1 407 Proxy Authentication Required\r\n\r\n'),
    );

    const { error, socket } = await connect().first;

    expect(socket).toBeNull();
    expect(error).toMatchObject({
      message: 'proxy refused the tunnel (407)',
      code: 'EPROXYTUNNEL',
    });
    // The proxy did not close it: the connector did.
    await proxy.closed;
  });

  it('refuses a proxy answer that has no status line', async () => {
    proxy = await ScriptedProxy.start(refuseWith('\r\n\r\n'));

    const { error } = await connect().first;

    expect(error).toMatchObject({ message: 'proxy refused the tunnel (0)', code: 'EPROXYTUNNEL' });
  });

  it("reads the proxy's answer to its blank line when it comes in pieces, then hands the tunnel over", async () => {
    proxy = await ScriptedProxy.start(async (client) => {
      for (const piece of ['HTTP/1.1 20', '0 Connection established\r\n', 'Via: p\r\n', '\r\n']) {
        await new Promise<void>((resolve) => client.write(piece, () => setImmediate(resolve)));
      }
      client.on('data', (data: Buffer) => client.write(`pong:${data.toString()}`));
    });

    const { error, socket } = await connect({ protocol: 'http:' }).first;

    expect(error).toBeNull();
    // Nothing of the connector keeps reading the tunnel: the answers through it are undici's alone.
    expect(socket!.listenerCount('data')).toBe(0);
    socket!.write('ping');
    const [reply] = (await once(socket!, 'data')) as [Buffer];
    expect(reply.toString()).toBe('pong:ping');
  });

  it('calls back once: a reset of the tunnel after it was handed over is not reported again', async () => {
    proxy = await ScriptedProxy.start((client) => {
      client.write('HTTP/1.1 200 Connection established\r\n\r\n');
      client.once('data', () => client.resetAndDestroy());
    });
    const { first, outcomes } = connect({ protocol: 'http:' });
    const { socket } = await first;
    const errors: Error[] = [];
    socket!.on('error', (error: Error) => errors.push(error));

    const closed = new Promise((resolve) => socket!.once('close', resolve));
    socket!.write('anything');
    await closed;

    expect(errors).toEqual([expect.objectContaining({ code: 'ECONNRESET' })]);
    expect(outcomes).toHaveLength(1);
    expect(outcomes[0].error).toBeNull();
  });

  it.each([
    [
      'the servername given',
      { hostname: '127.0.0.1', servername: 'dingtalk.test' },
      'dingtalk.test',
    ],
    ['the hostname without one', { hostname: 'localhost' }, 'localhost'],
  ])(
    'speaks TLS to an https target through the tunnel, asking for %s, and fails with the TLS error on a certificate it does not trust',
    async (_case, target: Partial<buildConnector.Options>, expected) => {
      const servernames: string[] = [];
      proxy = await ScriptedProxy.start(ScriptedProxy.tunnelTo(await startTlsServer(servernames)));

      const { error, socket } = await connect({ ...target, port: '443' }).first;

      // The connector trusts the public CAs, as DingTalk's certificate is; the spec's is not.
      expect(socket).toBeNull();
      expect(error).toMatchObject({ code: 'DEPTH_ZERO_SELF_SIGNED_CERT' });
      expect(servernames).toEqual([expected]);
      await proxy.closed;
    },
  );

  describe('when the proxy never answers', () => {
    beforeEach(() => {
      jest.useFakeTimers({ doNotFake: ['nextTick', 'setImmediate', 'queueMicrotask'] });
    });
    afterEach(() => jest.useRealTimers());

    it("gives up at its timeout with undici's connect-timeout code, and closes the connection", async () => {
      let asked!: () => void;
      const connectAsked = new Promise<void>((resolve) => (asked = resolve));
      proxy = await ScriptedProxy.start(() => asked());
      const { outcomes } = connect({}, 3000);
      await connectAsked;

      jest.advanceTimersByTime(2999);
      expect(outcomes).toHaveLength(0);
      jest.advanceTimersByTime(1);

      expect(outcomes).toEqual([
        {
          error: expect.objectContaining({
            message: 'proxy connect timeout',
            code: 'UND_ERR_CONNECT_TIMEOUT',
          }),
          socket: null,
        },
      ]);
      await proxy.closed;
    });
  });
});
