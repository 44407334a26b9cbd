import { request as httpRequest, type Agent, type IncomingHttpHeaders } from 'node:http';
import type { DingTalkSandbox } from '../src/sandbox.server';

/** The simulated DingTalk paths, for specs. */
export const PATHS = {
  accessToken: '/v1.0/oauth2/accessToken',
  corpAccessToken: '/v1.0/oauth2/corpAccessToken',
  sendLink: '/v1.0/convFile/conversations/files/links/send',
  sendByApp: '/v1.0/convFile/apps/conversations/files/send',
  send: '/v1.0/convFile/conversations/files/send',
  getSpace: '/v1.0/convFile/conversations/spaces/query',
} as const;

/** A response read to its end. */
export interface TestResponse {
  status: number;
  headers: IncomingHttpHeaders;
  text: string;
  /** The parsed body, or undefined when it is not JSON. */
  json: any;
  reusedSocket: boolean;
}

/** Options of {@link call}. */
export interface CallOptions {
  method?: string;
  /** A string is sent as is; anything else as JSON. */
  body?: unknown;
  /** Added to, or replacing, `content-type: application/json` (sent only with a body). */
  headers?: Record<string, string>;
  /** `false` (default) opens a new connection per call. */
  agent?: Agent | false;
}

/** One HTTP call to the sandbox over a real socket. */
export function call(
  sandbox: DingTalkSandbox,
  path: string,
  options: CallOptions = {},
): Promise<TestResponse> {
  const { method = 'POST', body, headers = {}, agent = false } = options;
  const payload = body === undefined ? '' : typeof body === 'string' ? body : JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      `${sandbox.url}${path}`,
      {
        method,
        agent,
        headers: {
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
          ...headers,
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('error', reject);
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let json: unknown;
          try {
            json = JSON.parse(text);
          } catch {
            json = undefined;
          }
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            text,
            json,
            reusedSocket: req.reusedSocket,
          });
        });
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}

/** Gets an internal app's access token (default: the default world's full-scope app). */
export async function fetchToken(
  sandbox: DingTalkSandbox,
  appKey = 'sandbox-app-key',
  appSecret = `${appKey.replace(/-key$/, '')}-secret`,
): Promise<string> {
  const res = await call(sandbox, PATHS.accessToken, { body: { appKey, appSecret } });
  if (res.status !== 200) throw new Error(`token call failed: ${res.text}`);
  return (res.json as { accessToken: string }).accessToken;
}

/**
 * Gets a suite's corp access token, the secret and ticket following the specs' naming
 * (`sandbox-suite-key` → `sandbox-suite-secret`, `sandbox-suite-ticket`).
 */
export async function fetchCorpToken(
  sandbox: DingTalkSandbox,
  suiteKey: string,
  authCorpId: string,
  suiteTicket = `${suiteKey.replace(/-key$/, '')}-ticket`,
): Promise<string> {
  const suiteSecret = `${suiteKey.replace(/-key$/, '')}-secret`;
  const res = await call(sandbox, PATHS.corpAccessToken, {
    body: { suiteKey, suiteSecret, authCorpId, suiteTicket },
  });
  if (res.status !== 200) throw new Error(`corp token call failed: ${res.text}`);
  return (res.json as { accessToken: string }).accessToken;
}

/** A convFile call with a token and a unionId query. */
export function callConvFile(
  sandbox: DingTalkSandbox,
  path: string,
  token: string | undefined,
  unionId: string | undefined,
  body: unknown,
  agent?: Agent,
): Promise<TestResponse> {
  const query = unionId === undefined ? '' : `?unionId=${encodeURIComponent(unionId)}`;
  const headers: Record<string, string> =
    token === undefined ? {} : { 'x-acs-dingtalk-access-token': token };
  return call(sandbox, `${path}${query}`, { body, headers, agent });
}

/** A clock the spec moves by hand. */
export function manualClock(start = Date.parse('2025-01-01T00:00:00Z')): {
  now: () => number;
  advance: (ms: number) => void;
} {
  let time = start;
  return {
    now: () => time,
    advance: (ms: number) => {
      time += ms;
    },
  };
}

/** Yields to the event loop until `condition` holds: waits on events, never on a timer. */
export async function until(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((resolve) => setImmediate(resolve));
}
