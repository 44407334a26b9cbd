import { recordNestLogs } from '../../testing/nest-log.test-helper';
import { resolveConvFileOptions } from '../options/conv-file-options.resolver';
import type { StoredSuiteTickets } from '../token/suite-ticket.source';
import { DingTalkCallbackCipher } from '../utils/dingtalk-callback.cipher';
import {
  DingTalkEventReceiver,
  EVENT_MAX_AGE_MS,
  type DingTalkEventPush,
} from './dingtalk-event.receiver';

const SUITE_KEY = 'suite-key';
const TOKEN = 'callback-token';
const AES_KEY = 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG';
const NOW = 1_700_000_000_000;

const cipher = new DingTalkCallbackCipher(TOKEN, AES_KEY, SUITE_KEY);

/** Tickets saved, in order, as `[suiteKey, ticket, pushedAt]`. */
type Saved = Array<[string, string, number]>;

function receiver(saved: Saved, now = () => NOW): DingTalkEventReceiver {
  const options = resolveConvFileOptions(
    {
      apps: {
        internal: { appKey: 'app-key', appSecret: 'app-secret' },
        quiet: { suiteKey: 'quiet-suite', suiteSecret: 'quiet-secret' },
        events: {
          suiteKey: SUITE_KEY,
          suiteSecret: 'suite-secret',
          callback: { token: TOKEN, aesKey: AES_KEY },
        },
      },
    },
    {},
  );
  const tickets = {
    save: (suiteKey: string, ticket: string, pushedAt: number) => {
      saved.push([suiteKey, ticket, pushedAt]);
      return Promise.resolve(true);
    },
  } as unknown as StoredSuiteTickets;
  return new DingTalkEventReceiver(options, tickets, now);
}

/** A push as DingTalk sends it: `event` encrypted for the suite and signed with its token. */
function push(
  event: unknown,
  { timeStamp = String(NOW), nonce = 'n0nce' }: { timeStamp?: string; nonce?: string } = {},
): DingTalkEventPush & { query: Record<string, string>; body: { encrypt: string } } {
  const encrypt = cipher.encrypt(typeof event === 'string' ? event : JSON.stringify(event));
  return {
    query: { msg_signature: cipher.signature(timeStamp, nonce, encrypt), timeStamp, nonce },
    body: { encrypt },
  };
}

const TICKET_EVENT = {
  EventType: 'suite_ticket',
  SuiteKey: SUITE_KEY,
  SuiteTicket: 'ticket-1',
  TimeStamp: String(NOW - 1000),
};

/** Runs `work` with Nest's logger replaced by one that keeps `level message` lines. */
/** What `work` logged, each line as `<level> [<context>] <message>`. */
async function logged<T>(work: () => Promise<T>): Promise<{ result: T; lines: string[] }> {
  const recorder = recordNestLogs();
  try {
    const result = await work();
    return {
      result,
      lines: recorder.lines.map(
        ({ level, context, message }) => `${level} [${String(context)}] ${message}`,
      ),
    };
  } finally {
    recorder.restore();
  }
}

describe('DingTalkEventReceiver', () => {
  it('answers a signed suite_ticket push with "success", encrypted and signed for the suite, timestamped now', async () => {
    const answer = await receiver([]).receive('events', push(TICKET_EVENT));

    expect(answer.status).toBe(200);
    const body = answer.body as {
      msg_signature: string;
      timeStamp: string;
      nonce: string;
      encrypt: string;
    };
    expect(body.timeStamp).toBe(String(NOW));
    expect(body.nonce).toMatch(/^[0-9a-f]{16}$/);
    expect(cipher.decrypt(body.encrypt)).toBe('success');
    expect(cipher.verify(body.msg_signature, body.timeStamp, body.nonce, body.encrypt)).toBe(true);
  });

  it("keeps a suite_ticket with the event's own time, and logs that it arrived", async () => {
    const saved: Saved = [];
    const { lines } = await logged(() => receiver(saved).receive('events', push(TICKET_EVENT)));

    expect(saved).toEqual([[SUITE_KEY, 'ticket-1', NOW - 1000]]);
    expect(lines).toEqual([
      'log [DingTalkEvents] Received a suite ticket for the third-party app events',
    ]);
  });

  it.each([
    ['no TimeStamp', undefined],
    ['an empty TimeStamp', ''],
    ['a TimeStamp that is not a number', 'soon'],
  ])("keeps a suite_ticket with the push's time when the event has %s", async (_name, stamp) => {
    const saved: Saved = [];
    const sentAt = NOW - 2000;
    const event = { ...TICKET_EVENT, TimeStamp: stamp };

    const answer = await receiver(saved).receive(
      'events',
      push(event, { timeStamp: String(sentAt) }),
    );

    expect(answer.status).toBe(200);
    expect(saved).toEqual([[SUITE_KEY, 'ticket-1', sentAt]]);
  });

  it.each([
    ['another suite', { ...TICKET_EVENT, SuiteKey: 'other-suite' }],
    ['no ticket', { ...TICKET_EVENT, SuiteTicket: undefined }],
    ['an empty ticket', { ...TICKET_EVENT, SuiteTicket: '' }],
    ['a ticket that is not text', { ...TICKET_EVENT, SuiteTicket: 42 }],
  ])('refuses a suite_ticket for %s with 400 and keeps nothing', async (_name, event) => {
    const saved: Saved = [];

    const answer = await receiver(saved).receive('events', push(event));

    expect(answer).toEqual({
      status: 400,
      body: {
        code: 'invalidEventPush',
        message: "The push's encrypt does not decrypt to an event of this app",
      },
    });
    expect(saved).toEqual([]);
  });

  it.each(['check_url', 'check_create_suite_url', 'check_update_suite_url'])(
    'acknowledges the %s check quietly, keeping nothing',
    async (type) => {
      const saved: Saved = [];
      const { result, lines } = await logged(() =>
        receiver(saved).receive('events', push({ EventType: type })),
      );

      expect(result.status).toBe(200);
      expect(saved).toEqual([]);
      expect(lines).toEqual([]);
    },
  );

  it('acknowledges any other event, logging its type (cut at 64 characters) at debug level', async () => {
    const saved: Saved = [];
    const type = `org_change_${'x'.repeat(80)}`;
    const { result, lines } = await logged(() =>
      receiver(saved).receive('events', push({ EventType: type })),
    );

    expect(result.status).toBe(200);
    expect(saved).toEqual([]);
    expect(lines).toEqual([
      `debug [DingTalkEvents] Acknowledged a DingTalk event ${type.slice(0, 64)} for events; the module does not act on it`,
    ]);
  });

  it.each([
    ['an unknown app', 'nobody'],
    ['an internal app', 'internal'],
    ['a suite without a callback', 'quiet'],
  ])('answers 404 for %s', async (_name, app) => {
    const answer = await receiver([]).receive(app, push(TICKET_EVENT));

    expect(answer).toEqual({
      status: 404,
      body: { code: 'appNotFound', message: 'No third-party app with a callback has this name' },
    });
  });

  it('accepts the older parameter names signature and timestamp', async () => {
    const saved: Saved = [];
    const { query, body } = push(TICKET_EVENT);
    const older = {
      signature: query.msg_signature,
      timestamp: query.timeStamp,
      nonce: query.nonce,
    };

    const answer = await receiver(saved).receive('events', { query: older, body });

    expect(answer.status).toBe(200);
    expect(saved).toHaveLength(1);
  });

  it.each([
    ['msg_signature', (p: ReturnType<typeof push>) => delete p.query.msg_signature],
    ['timeStamp', (p: ReturnType<typeof push>) => delete p.query.timeStamp],
    ['nonce', (p: ReturnType<typeof push>) => delete p.query.nonce],
    ['a non-empty nonce', (p: ReturnType<typeof push>) => (p.query.nonce = '')],
    ['encrypt', (p: ReturnType<typeof push>) => ((p as DingTalkEventPush).body = {})],
    ['a body', (p: ReturnType<typeof push>) => ((p as DingTalkEventPush).body = null)],
  ])('refuses a push without %s with 400 and keeps nothing', async (_name, spoil) => {
    const saved: Saved = [];
    const incomplete = push(TICKET_EVENT);
    spoil(incomplete);

    const answer = await receiver(saved).receive('events', incomplete);

    expect(answer.status).toBe(400);
    expect(answer.body).toMatchObject({ code: 'invalidEventPush' });
    expect(saved).toEqual([]);
  });

  it.each([
    ['exactly 5 minutes old', 200, NOW - EVENT_MAX_AGE_MS],
    ['exactly 5 minutes ahead', 200, NOW + EVENT_MAX_AGE_MS],
    ['older than 5 minutes', 403, NOW - EVENT_MAX_AGE_MS - 1],
    ['more than 5 minutes ahead', 403, NOW + EVENT_MAX_AGE_MS + 1],
  ])('answers a push sent %s with %i', async (_name, status, sentAt) => {
    const saved: Saved = [];

    const answer = await receiver(saved).receive(
      'events',
      push({ ...TICKET_EVENT, TimeStamp: undefined }, { timeStamp: String(sentAt) }),
    );

    expect(answer.status).toBe(status);
    expect(saved).toHaveLength(status === 200 ? 1 : 0);
  });

  it('refuses a push whose timestamp is not a number as stale (403)', async () => {
    const answer = await receiver([]).receive('events', push(TICKET_EVENT, { timeStamp: 'now' }));

    expect(answer).toEqual({
      status: 403,
      body: {
        code: 'staleEventPush',
        message: 'The push is older than 5 minutes (or from the future): refused as a replay',
      },
    });
  });

  it('refuses a push signed with another token (403) and keeps nothing', async () => {
    const saved: Saved = [];
    const forged = push(TICKET_EVENT);
    const other = new DingTalkCallbackCipher('other-token', AES_KEY, SUITE_KEY);
    forged.query.msg_signature = other.signature(
      forged.query.timeStamp,
      forged.query.nonce,
      forged.body.encrypt,
    );

    const answer = await receiver(saved).receive('events', forged);

    expect(answer).toEqual({
      status: 403,
      body: {
        code: 'invalidSignature',
        message: "The push's signature does not match this app's callback token",
      },
    });
    expect(saved).toEqual([]);
  });

  it.each([
    ['text that is not JSON', 'suite_ticket'],
    ['JSON null', 'null'],
    ['a JSON array', '[{"EventType":"suite_ticket"}]'],
    ['a JSON string', '"suite_ticket"'],
  ])('refuses a push whose event is %s with 400', async (_name, message) => {
    const answer = await receiver([]).receive('events', push(message));

    expect(answer.status).toBe(400);
    expect(answer.body).toMatchObject({ code: 'invalidEventPush' });
  });

  it('refuses a push encrypted for another suite with 400', async () => {
    const foreign = new DingTalkCallbackCipher(TOKEN, AES_KEY, 'other-suite');
    const encrypt = foreign.encrypt(JSON.stringify(TICKET_EVENT));
    const query = {
      msg_signature: cipher.signature(String(NOW), 'n', encrypt),
      timeStamp: String(NOW),
      nonce: 'n',
    };

    const answer = await receiver([]).receive('events', { query, body: { encrypt } });

    expect(answer.status).toBe(400);
  });
});
