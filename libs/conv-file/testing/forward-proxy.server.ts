import * as http from 'node:http';
import { connect, type AddressInfo, type Socket } from 'node:net';

/** One CONNECT the proxy was asked for. */
export interface ProxiedTunnel {
  target: string;
  proxyAuthorization?: string;
}

/**
 * A forward proxy on 127.0.0.1:0 that opens `CONNECT` tunnels, as a corporate proxy does, and
 * records each one. With `requireAuth`, a tunnel without those Basic credentials gets 407.
 */
export class ForwardProxy {
  readonly tunnels: ProxiedTunnel[] = [];
  private readonly sockets = new Set<Socket>();
  private server!: http.Server;
  url = '';

  private constructor(private readonly requireAuth?: string) {}

  static async start(requireAuth?: string): Promise<ForwardProxy> {
    const proxy = new ForwardProxy(requireAuth);
    proxy.server = http.createServer((_req, res) => res.writeHead(405).end());
    proxy.server.on('connect', (req: http.IncomingMessage, client: Socket, head: Buffer) =>
      proxy.tunnel(req, client, head),
    );
    proxy.server.on('connection', (socket: Socket) => {
      proxy.sockets.add(socket);
      socket.on('close', () => proxy.sockets.delete(socket));
    });
    await new Promise<void>((resolve) => proxy.server.listen(0, '127.0.0.1', resolve));
    proxy.url = `http://127.0.0.1:${(proxy.server.address() as AddressInfo).port}`;
    return proxy;
  }

  async close(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private tunnel(req: http.IncomingMessage, client: Socket, head: Buffer): void {
    const target = req.url ?? '';
    this.tunnels.push({ target, proxyAuthorization: req.headers['proxy-authorization'] });
    if (
      this.requireAuth &&
      req.headers['proxy-authorization'] !== `Basic ${btoa(this.requireAuth)}`
    ) {
      client.end('HTTP/1.1 407 Proxy Authentication Required\r\n\r\n');
      return;
    }
    const [host, port] = target.split(':');
    const upstream = connect(Number(port), host, () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      upstream.write(head);
      upstream.pipe(client).pipe(upstream);
    });
    this.sockets.add(upstream);
    upstream.on('close', () => this.sockets.delete(upstream));
    upstream.on('error', () => client.destroy());
    client.on('error', () => upstream.destroy());
  }
}
