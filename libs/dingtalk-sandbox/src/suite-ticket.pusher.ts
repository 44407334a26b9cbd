import { randomInt } from 'node:crypto';
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import {
  decryptDingTalkEvent,
  encryptDingTalkEvent,
  signDingTalkEvent,
} from './dingtalk-callback.cipher';
import { SandboxMessages as M } from './sandbox.messages';
import { isRecord } from './sandbox-text.util';
import type { SandboxPush, SandboxPushEvent, SandboxPushOptions } from './suite-push.model';
import type { SandboxSuiteCallback } from './world.model';
import type { SandboxWorld } from './world.store';
import { failEntry, isHttpUrl } from './world.validator';

/** An app's answer is a few hundred bytes; anything far larger is not one. */
const MAX_ANSWER_BYTES = 64 * 1024;
const ALPHANUMERIC = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const NONCE_LENGTH = 8;
const TICKET_LENGTH = 48;

/** What the pusher needs from the sandbox. */
export interface SuitePusherDeps {
  readonly world: SandboxWorld;
  readonly now: () => number;
  /** How long a push waits for the app's whole answer. */
  readonly timeoutMs: number;
  /** Aborted by close(), so a pending push ends at once instead of holding the process. */
  readonly shutdown: AbortSignal;
  readonly log: (line: string) => void;
}

/** The app's HTTP answer, read to its end. */
interface AppAnswer {
  readonly status: number;
  readonly text: string;
}

/** A push that did not reach the app or got no answer; `status` when the app did answer. */
class PushFailure extends Error {
  constructor(
    reason: string,
    readonly status?: number,
  ) {
    super(reason);
  }
}

/**
 * DingTalk's HTTP event push to a suite's callback URL: the event encrypted and signed with the
 * suite's callback token and aesKey, then the app's answer checked as DingTalk checks it.
 */
export class SuiteTicketPusher {
  private readonly recorded: SandboxPush[] = [];

  constructor(private readonly deps: SuitePusherDeps) {}

  /**
   * Pushes `event` for a suite and resolves with the outcome, which is also recorded. Rejects only
   * when the push cannot be made (unknown suite, no callback, no URL, a bad option); whatever the
   * app does, or fails to do, resolves with `delivered: false` and the reason.
   */
  async push(
    suiteKey: string,
    event: SandboxPushEvent,
    options: SandboxPushOptions = {},
  ): Promise<SandboxPush> {
    const method = event === 'suite_ticket' ? 'pushSuiteTicket' : 'pushCheckUrl';
    const { callback, url } = this.target(method, suiteKey, options);
    const rotate = options.rotate ?? true;
    if (typeof rotate !== 'boolean') throw new TypeError(M.pushRotate);
    let suiteTicket: string | undefined;
    if (event === 'suite_ticket') {
      if (rotate) this.deps.world.setSuiteTicket(suiteKey, randomText(TICKET_LENGTH));
      suiteTicket = this.deps.world.suite(suiteKey)?.suiteTicket;
    }
    const sentAt = this.deps.now();
    const message = JSON.stringify(
      event === 'suite_ticket'
        ? {
            EventType: event,
            SuiteTicket: suiteTicket,
            SuiteKey: suiteKey,
            TimeStamp: String(sentAt),
          }
        : { EventType: event },
    );
    const outcome = await this.deliver(callback, suiteKey, url, message, String(sentAt));
    const push: SandboxPush = {
      suiteKey,
      event,
      ...(suiteTicket === undefined ? {} : { suiteTicket }),
      url,
      ...outcome,
      at: new Date(sentAt).toISOString(),
    };
    this.recorded.push(push);
    this.deps.log(M.logPush(event, suiteKey, push.delivered, push.status, push.reason));
    return push;
  }

  /** Every settled push, oldest first (a copy). */
  pushes(): readonly SandboxPush[] {
    return [...this.recorded];
  }

  /** Forgets the recorded pushes. */
  clear(): void {
    this.recorded.length = 0;
  }

  /** The suite's callback and the URL to post to; throws before anything changes. */
  private target(
    method: string,
    suiteKey: string,
    options: SandboxPushOptions,
  ): { callback: SandboxSuiteCallback; url: string } {
    const suite = this.deps.world.suite(suiteKey);
    if (!suite) failEntry(M.worldCallLabel(method, [String(suiteKey)]), M.worldNoSuchSuite);
    const { callback } = suite;
    if (!callback) throw new TypeError(M.pushNoCallback(suiteKey));
    if (options.url !== undefined && (typeof options.url !== 'string' || !isHttpUrl(options.url))) {
      throw new TypeError(M.pushBadUrl);
    }
    const url = options.url ?? callback.url;
    if (url === undefined) throw new TypeError(M.pushNoUrl(suiteKey));
    return { callback, url };
  }

  /** Posts the sealed event and checks the answer; never throws. */
  private async deliver(
    callback: SandboxSuiteCallback,
    suiteKey: string,
    url: string,
    message: string,
    timestamp: string,
  ): Promise<Pick<SandboxPush, 'delivered' | 'status' | 'reason'>> {
    const encrypt = encryptDingTalkEvent(callback.aesKey, message, suiteKey);
    const nonce = randomText(NONCE_LENGTH);
    const target = new URL(url);
    target.searchParams.set(
      'signature',
      signDingTalkEvent(callback.token, timestamp, nonce, encrypt),
    );
    target.searchParams.set('timestamp', timestamp);
    target.searchParams.set('nonce', nonce);
    let answer: AppAnswer;
    try {
      answer = await this.post(target, JSON.stringify({ encrypt }));
    } catch (error) {
      const failure = error instanceof PushFailure ? error : new PushFailure(describe(error));
      const status = failure.status === undefined ? {} : { status: failure.status };
      return { delivered: false, ...status, reason: failure.message };
    }
    const reason = answerProblem(callback, suiteKey, answer);
    return reason === undefined
      ? { delivered: true, status: answer.status }
      : { delivered: false, status: answer.status, reason };
  }

  /** One POST, given up after the timeout or when the sandbox closes. */
  private post(target: URL, body: string): Promise<AppAnswer> {
    const { timeoutMs, shutdown } = this.deps;
    const abort = new AbortController();
    let reason: string = M.pushClosed;
    const onShutdown = (): void => abort.abort();
    const timer = setTimeout(() => {
      reason = M.pushTimedOut(timeoutMs);
      abort.abort();
    }, timeoutMs);
    shutdown.addEventListener('abort', onShutdown);
    if (shutdown.aborted) abort.abort();
    const send = target.protocol === 'https:' ? httpsRequest : httpRequest;
    return new Promise<AppAnswer>((resolve, reject) => {
      const fail = (error: unknown): void => {
        if (error instanceof PushFailure) return reject(error);
        if (abort.signal.aborted) return reject(new PushFailure(reason));
        const code = (error as NodeJS.ErrnoException | undefined)?.code;
        reject(new PushFailure(M.pushUnreachable(code ?? describe(error))));
      };
      const req = send(
        target,
        {
          method: 'POST',
          // A connection per push: nothing pooled outlives the push or keeps the process alive.
          agent: false,
          signal: abort.signal,
          headers: {
            'content-type': 'application/json',
            'content-length': Buffer.byteLength(body),
          },
        },
        (res) => void readAnswer(res).then(resolve, fail),
      );
      req.on('error', fail);
      req.end(body);
    }).finally(() => {
      clearTimeout(timer);
      shutdown.removeEventListener('abort', onShutdown);
    });
  }
}

/** Reads the app's answer to its end, refusing one far larger than an answer can be. */
function readAnswer(res: IncomingMessage): Promise<AppAnswer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    res.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_ANSWER_BYTES) {
        res.destroy();
        reject(new PushFailure(M.pushAnswerTooLarge(MAX_ANSWER_BYTES), res.statusCode));
        return;
      }
      chunks.push(chunk);
    });
    res.on('error', reject);
    res.on('end', () =>
      resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }),
    );
  });
}

/**
 * What is wrong with the app's answer, or undefined when DingTalk would take it: 2xx, JSON
 * `{ msg_signature, timeStamp, nonce, encrypt }` signed with the callback token, and `encrypt`
 * holding `success` sealed for the suiteKey.
 */
function answerProblem(
  callback: SandboxSuiteCallback,
  suiteKey: string,
  answer: AppAnswer,
): string | undefined {
  if (answer.status < 200 || answer.status > 299) return M.pushStatus(answer.status);
  let parsed: unknown;
  try {
    parsed = JSON.parse(answer.text);
  } catch {
    return M.pushNotJson;
  }
  if (!isRecord(parsed)) return M.pushNotObject;
  const fields = {
    msg_signature: parsed.msg_signature,
    // Java's reference answers timeStamp as a string; other clients send the number.
    timeStamp: typeof parsed.timeStamp === 'number' ? String(parsed.timeStamp) : parsed.timeStamp,
    nonce: parsed.nonce,
    encrypt: parsed.encrypt,
  };
  const missing = Object.entries(fields).find(([, value]) => typeof value !== 'string' || !value);
  if (missing) return M.pushAnswerField(missing[0]);
  const { msg_signature, timeStamp, nonce, encrypt } = fields as Record<
    keyof typeof fields,
    string
  >;
  if (signDingTalkEvent(callback.token, timeStamp, nonce, encrypt) !== msg_signature) {
    return M.pushBadSignature;
  }
  try {
    const { message } = decryptDingTalkEvent(callback.aesKey, encrypt, suiteKey);
    return message === 'success' ? undefined : M.pushNotSuccess;
  } catch (error) {
    return M.pushUndecryptable(describe(error));
  }
}

/** Random letters and digits, for nonces and tickets. */
function randomText(length: number): string {
  return Array.from({ length }, () => ALPHANUMERIC[randomInt(ALPHANUMERIC.length)]).join('');
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
