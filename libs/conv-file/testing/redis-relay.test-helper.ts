import * as net from 'node:net';
import { SHARED_REDIS_URL } from './shared-redis.test-helper';

/**
 * A TCP relay to the shared Redis that can be cut (every connection dropped and refused) and
 * restored, or told to drop each connection that sends a given command: Redis failing at a chosen
 * moment of a client's life, without stopping the Redis other tests share.
 */
export class RedisRelay {
  private cutOff = false;
  private dropRule: Buffer | undefined;
  private readonly sockets = new Set<net.Socket>();
  private readonly server = net.createServer((socket) => this.relay(socket));
  /** Connections dropped by the rule of {@link dropConnectionsSending}. */
  dropped = 0;

  private constructor(private readonly target: URL) {}

  static async start(): Promise<RedisRelay> {
    const relay = new RedisRelay(new URL(SHARED_REDIS_URL));
    await new Promise<void>((resolve) => relay.server.listen(0, '127.0.0.1', resolve));
    return relay;
  }

  /** The shared Redis's URL (database included), through the relay. */
  get url(): string {
    const url = new URL(SHARED_REDIS_URL);
    url.hostname = '127.0.0.1';
    url.port = String((this.server.address() as net.AddressInfo).port);
    return url.toString();
  }

  /** Drops every connection and refuses new ones until {@link restore}. */
  cut(): void {
    this.cutOff = true;
    for (const socket of this.sockets) socket.destroy();
  }

  /**
   * Until {@link restore}, a connection is dropped when its client sends `command` (a RESP bulk
   * string, matched case-insensitively as clients send it), before Redis sees it: Redis dying
   * at that step of the client's conversation.
   */
  dropConnectionsSending(command: string): void {
    this.dropRule = Buffer.from(`\r\n${command.toUpperCase()}\r\n`);
  }

  restore(): void {
    this.cutOff = false;
    this.dropRule = undefined;
  }

  async close(): Promise<void> {
    this.cut();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private relay(client: net.Socket): void {
    if (this.cutOff) {
      client.destroy();
      return;
    }
    const upstream = net.connect(Number(this.target.port || 6379), this.target.hostname);
    for (const socket of [client, upstream]) {
      this.sockets.add(socket);
      socket.on('error', () => undefined);
      socket.on('close', () => {
        this.sockets.delete(socket);
        client.destroy();
        upstream.destroy();
      });
    }
    client.on('data', (chunk: Buffer) => {
      const rule = this.dropRule;
      if (rule && chunk.toString('latin1').toUpperCase().includes(rule.toString('latin1'))) {
        this.dropped += 1;
        client.destroy();
        return;
      }
      upstream.write(chunk);
    });
    upstream.pipe(client);
  }
}
