import * as net from 'node:net';

/**
 * Just enough of Redis (RESP) for the rate limiter: answers every command until `silence()`, then
 * keeps the connection open and never answers again, as a hung or paused Redis would.
 */
export class SilentRedis {
  private silent = false;
  private readonly sockets = new Set<net.Socket>();
  private readonly server = net.createServer((socket) => this.serve(socket));

  static async start(): Promise<SilentRedis> {
    const redis = new SilentRedis();
    await new Promise<void>((resolve) => redis.server.listen(0, '127.0.0.1', resolve));
    return redis;
  }

  get url(): string {
    return `redis://127.0.0.1:${(this.server.address() as net.AddressInfo).port}`;
  }

  silence(): void {
    this.silent = true;
  }

  async close(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private serve(socket: net.Socket): void {
    this.sockets.add(socket);
    socket.on('close', () => this.sockets.delete(socket));
    socket.on('error', () => undefined);
    let buffer = '';
    socket.on('data', (data) => {
      buffer += data.toString('latin1');
      for (let command = takeCommand(buffer); command; command = takeCommand(buffer)) {
        buffer = command.rest;
        if (this.silent) continue;
        const name = command.parts[0]?.toUpperCase();
        // EVAL is rate-limiter-flexible's count: one point used, window of 1000 ms left.
        if (name === 'EVAL') socket.write('*2\r\n:1\r\n:1000\r\n');
        else if (name === 'HELLO') socket.write('-ERR unknown command\r\n');
        else if (name === 'PING') socket.write('+PONG\r\n');
        else socket.write('+OK\r\n');
      }
    });
  }
}

/** One complete RESP array command from the front of `buffer`, if there is one. */
function takeCommand(buffer: string): { parts: string[]; rest: string } | undefined {
  const header = /^\*(\d+)\r\n/.exec(buffer);
  if (!header) return undefined;
  let position = header[0].length;
  const parts: string[] = [];
  for (let i = 0; i < Number(header[1]); i++) {
    const length = /^\$(\d+)\r\n/.exec(buffer.slice(position));
    if (!length) return undefined;
    const start = position + length[0].length;
    const end = start + Number(length[1]);
    if (buffer.length < end + 2) return undefined;
    parts.push(buffer.slice(start, end));
    position = end + 2;
  }
  return { parts, rest: buffer.slice(position) };
}
