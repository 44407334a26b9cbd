import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { encryptDingTalkEvent, signDingTalkEvent } from '../src/dingtalk-callback.cipher';

/** One event push as the app received it. */
export interface ReceivedPush {
  method: string;
  path: string;
  query: URLSearchParams;
  contentType: string | undefined;
  text: string;
}

/** How the app answers a push: a status and body, or `hang` (never answer), or `drop` the socket. */
export type AppBehaviour = { status?: number; body: string | object } | 'hang' | 'drop';

/**
 * DingTalk's required answer to a push: `success` encrypted for the suite and signed with the
 * callback token, as DingTalk's Java reference builds it.
 */
export function successAnswer(
  token: string,
  aesKey: string,
  suiteKey: string,
  overrides: { message?: string; ownerKey?: string; signToken?: string } = {},
): { msg_signature: string; timeStamp: string; nonce: string; encrypt: string } {
  const timeStamp = '1700000000000';
  const nonce = 'q1W2e3R4';
  const encrypt = encryptDingTalkEvent(
    aesKey,
    overrides.message ?? 'success',
    overrides.ownerKey ?? suiteKey,
  );
  const signature = signDingTalkEvent(overrides.signToken ?? token, timeStamp, nonce, encrypt);
  return { msg_signature: signature, timeStamp, nonce, encrypt };
}

/** A stand-in for the app's callback endpoint: a real HTTP server on 127.0.0.1, any free port. */
export class CallbackApp {
  readonly received: ReceivedPush[] = [];
  private waiters: Array<(push: ReceivedPush) => void> = [];

  private constructor(
    private readonly server: Server,
    readonly url: string,
    private behaviour: (push: ReceivedPush) => AppBehaviour,
  ) {}

  /** Starts the app; `behaviour` decides each answer (changeable with {@link answerWith}). */
  static async start(behaviour: (push: ReceivedPush) => AppBehaviour): Promise<CallbackApp> {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    const app = new CallbackApp(server, `http://127.0.0.1:${port}/dingtalk/events`, behaviour);
    server.on('request', (req: IncomingMessage, res: ServerResponse) => void app.handle(req, res));
    return app;
  }

  /** Changes how the next pushes are answered. */
  answerWith(behaviour: (push: ReceivedPush) => AppBehaviour): void {
    this.behaviour = behaviour;
  }

  /** Resolves with the next push to arrive (already arrived pushes do not count). */
  next(): Promise<ReceivedPush> {
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  close(): Promise<void> {
    return new Promise((resolve) => {
      this.server.close(() => resolve());
      this.server.closeAllConnections();
    });
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const target = new URL(req.url ?? '/', 'http://app.invalid');
    const push: ReceivedPush = {
      method: String(req.method),
      path: target.pathname,
      query: target.searchParams,
      contentType: req.headers['content-type'],
      text: Buffer.concat(chunks).toString('utf8'),
    };
    this.received.push(push);
    const behaviour = this.behaviour(push);
    const waiters = this.waiters;
    this.waiters = [];
    waiters.forEach((resolve) => resolve(push));
    if (behaviour === 'hang') return;
    if (behaviour === 'drop') {
      req.socket.destroy();
      return;
    }
    const body =
      typeof behaviour.body === 'string' ? behaviour.body : JSON.stringify(behaviour.body);
    res.writeHead(behaviour.status ?? 200, { 'content-type': 'application/json' });
    res.end(body);
  }
}

/** A port nothing listens on (a server is opened on it, then closed). */
export async function closedPortUrl(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${port}/callback`;
}
