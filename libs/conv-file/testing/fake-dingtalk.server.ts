import * as http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

/** One request as the fake server saw it. */
export interface RecordedRequest {
  method: string;
  path: string;
  /** Raw query string, without `?`. */
  rawQuery: string;
  query: Record<string, string>;
  headers: http.IncomingHttpHeaders;
  body: unknown;
  rawBody: string;
  /** Which TCP connection carried it, to check keep-alive reuse. */
  connectionId: number;
}

/** What the fake answers: JSON, raw text, no answer at all, or a destroyed socket. */
export interface FakeReply {
  status?: number;
  json?: unknown;
  text?: string;
  /** A header given as an array is sent once per value. */
  headers?: Record<string, string | string[]>;
  /** Never answer (for timeouts). */
  hang?: boolean;
  /** Destroy the socket without answering, after the request was read. */
  destroy?: boolean;
  /** Send the body in these pieces, each written on its own turn of the event loop. */
  pieces?: string[];
  /** After the pieces, never end the answer (a body that stops coming). */
  stallAfterPieces?: boolean;
  /** Send a 103 Early Hints answer first. */
  earlyHints?: boolean;
}

export type FakeHandler = (request: RecordedRequest, nth: number) => FakeReply | Promise<FakeReply>;

export const TOKEN_PATH = '/v1.0/oauth2/accessToken';

export const SAMPLE_FILE = {
  id: '674001',
  conversationId: 'cid-group-1',
  spaceId: '864001',
  parentId: '0',
  type: 'FILE',
  name: 'Report.xls',
  size: 256,
  path: '/Report.xls',
  version: 1,
  status: 'NORMAL',
  extension: 'xls',
  creatorId: 'union-alice',
  modifierId: 'union-alice',
  createTime: '2022-01-01T10:00:00Z',
  modifiedTime: '2022-01-01T10:00:00Z',
};

/**
 * A tiny stand-in for DingTalk on 127.0.0.1, port 0: records every request and answers with the
 * handler set for its path. By default the token endpoint issues `token-1`, `token-2`, … and every
 * other path answers `{ file }`.
 */
export class FakeDingTalk {
  readonly requests: RecordedRequest[] = [];
  private readonly handlers = new Map<string, FakeHandler>();
  private readonly counts = new Map<string, number>();
  private readonly sockets = new Set<Socket>();
  private connections = 0;
  private server!: http.Server;
  url = '';

  static async start(): Promise<FakeDingTalk> {
    const fake = new FakeDingTalk();
    await fake.listen();
    return fake;
  }

  /** Sets the answer for a path (replacing the default). */
  on(path: string, handler: FakeHandler): this {
    this.handlers.set(path, handler);
    return this;
  }

  /** Requests seen for a path. */
  requestsTo(path: string): RecordedRequest[] {
    return this.requests.filter((request) => request.path === path);
  }

  get connectionCount(): number {
    return this.connections;
  }

  async close(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private async listen(): Promise<void> {
    this.server = http.createServer((req, res) => void this.handle(req, res));
    this.server.on('connection', (socket: Socket & { fakeId?: number }) => {
      socket.fakeId = ++this.connections;
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
    });
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const rawBody = Buffer.concat(chunks).toString('utf8');
    const [path, rawQuery = ''] = (req.url ?? '/').split('?');
    let body: unknown;
    try {
      body = rawBody ? JSON.parse(rawBody) : undefined;
    } catch {
      body = undefined;
    }
    const recorded: RecordedRequest = {
      method: req.method ?? '',
      path,
      rawQuery,
      query: Object.fromEntries(new URLSearchParams(rawQuery)),
      headers: req.headers,
      body,
      rawBody,
      connectionId: (req.socket as Socket & { fakeId?: number }).fakeId ?? 0,
    };
    this.requests.push(recorded);
    const nth = (this.counts.get(path) ?? 0) + 1;
    this.counts.set(path, nth);
    const handler = this.handlers.get(path) ?? defaultHandler;
    const reply = await handler(recorded, nth);
    if (reply.hang) return;
    if (reply.destroy) {
      req.socket.destroy();
      return;
    }
    if (reply.earlyHints) res.writeEarlyHints({ link: '</style.css>; rel=preload; as=style' });
    if (reply.pieces) {
      res.writeHead(reply.status ?? 200, { 'content-type': 'application/json', ...reply.headers });
      for (const piece of reply.pieces) {
        res.write(piece);
        await new Promise((resolve) => setImmediate(resolve));
      }
      if (!reply.stallAfterPieces) res.end();
      return;
    }
    const payload = reply.text ?? JSON.stringify(reply.json ?? {});
    res.writeHead(reply.status ?? 200, {
      'content-type': reply.text !== undefined ? 'text/html' : 'application/json',
      ...reply.headers,
    });
    res.end(payload);
  }
}

const defaultHandler: FakeHandler = (request, nth) =>
  request.path === TOKEN_PATH
    ? { json: { accessToken: `token-${nth}`, expireIn: 7200 } }
    : { json: { file: SAMPLE_FILE } };

/** DingTalk's v1.0 error answer. */
export function dingTalkError(
  status: number,
  code: string,
  extra: Record<string, unknown> = {},
): FakeReply {
  return { status, json: { code, message: `${code} message`, requestid: `req-${code}`, ...extra } };
}
