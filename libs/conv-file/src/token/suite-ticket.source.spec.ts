import { DingTalkAuthError } from '../errors/dingtalk-auth.error';
import { DingTalkErrorMessages } from '../messages/dingtalk-error.messages';
import type { DingTalkSuiteTicketProvider } from '../options/conv-file-module-options.interface';
import type {
  DingTalkTokenStore,
  StoredAccessToken,
} from '../options/dingtalk-token-store.interface';
import { providedSuiteTickets, StoredSuiteTickets } from './suite-ticket.source';

const PUSHED_AT = Date.parse('2026-01-01T00:00:00Z');
const TWELVE_HOURS_MS = 12 * 3_600_000;
const SUITE_KEY = 'market-suite';

/**
 * A shared store that hands back what it was given until it is deleted, even past `expiresAt`
 * (a cache's TTL runs on the cache's clock), and records each TTL it was given.
 */
class KeptTokenStore implements DingTalkTokenStore {
  readonly entries = new Map<string, StoredAccessToken>();
  readonly ttls = new Map<string, number>();

  get(key: string): Promise<StoredAccessToken | undefined> {
    return Promise.resolve(this.entries.get(key));
  }

  set(key: string, token: StoredAccessToken, ttlMs: number): Promise<void> {
    this.entries.set(key, token);
    this.ttls.set(key, ttlMs);
    return Promise.resolve();
  }

  delete(key: string): Promise<void> {
    this.entries.delete(key);
    return Promise.resolve();
  }
}

/** The error of an app whose ticket is not known. */
const unavailable = {
  message: DingTalkErrorMessages.suiteTicketUnavailable('market'),
  code: 'suiteTicketUnavailable',
  api: 'GetCorpAccessToken',
};

describe("StoredSuiteTickets (tickets from DingTalk's event push, in the shared store)", () => {
  let store: KeptTokenStore;
  let tickets: StoredSuiteTickets;
  const latest = (suiteKey = SUITE_KEY) => tickets.sourceFor('market', suiteKey).latest();

  beforeEach(() => {
    jest.useFakeTimers({ now: PUSHED_AT });
    store = new KeptTokenStore();
    tickets = new StoredSuiteTickets(store);
  });

  afterEach(() => jest.useRealTimers());

  it('keeps a pushed ticket under suite-ticket:<suiteKey> for 12 hours from its push', async () => {
    await expect(tickets.save(SUITE_KEY, 'ticket-1', PUSHED_AT)).resolves.toBe(true);

    expect(store.entries.get(`suite-ticket:${SUITE_KEY}`)).toEqual({
      accessToken: 'ticket-1',
      expiresAt: PUSHED_AT + TWELVE_HOURS_MS,
    });
    expect(store.ttls.get(`suite-ticket:${SUITE_KEY}`)).toBe(TWELVE_HOURS_MS);
  });

  it("serves the kept ticket to the app's source until, not at, 12 hours after its push", async () => {
    await tickets.save(SUITE_KEY, 'ticket-1', PUSHED_AT);
    await expect(latest()).resolves.toBe('ticket-1');

    jest.setSystemTime(PUSHED_AT + TWELVE_HOURS_MS - 1);
    await expect(latest()).resolves.toBe('ticket-1');

    jest.setSystemTime(PUSHED_AT + TWELVE_HOURS_MS);
    const error = await latest().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DingTalkAuthError);
    expect(error).toMatchObject(unavailable);
  });

  it('answers a typed error naming the app while no ticket has been received', async () => {
    const error = await latest().catch((e: unknown) => e);

    expect(error).toBeInstanceOf(DingTalkAuthError);
    expect(error).toMatchObject(unavailable);
  });

  it('replaces the kept ticket with one pushed later', async () => {
    await tickets.save(SUITE_KEY, 'ticket-1', PUSHED_AT);

    await expect(tickets.save(SUITE_KEY, 'ticket-2', PUSHED_AT + 1)).resolves.toBe(true);

    await expect(latest()).resolves.toBe('ticket-2');
  });

  it('never brings back a rotated ticket from a delayed push, nor one pushed at the same time', async () => {
    await tickets.save(SUITE_KEY, 'ticket-2', PUSHED_AT);

    await expect(tickets.save(SUITE_KEY, 'ticket-1', PUSHED_AT - 1)).resolves.toBe(false);
    await expect(tickets.save(SUITE_KEY, 'ticket-other', PUSHED_AT)).resolves.toBe(false);

    await expect(latest()).resolves.toBe('ticket-2');
  });

  it('counts a replayed push of the kept ticket as kept', async () => {
    await tickets.save(SUITE_KEY, 'ticket-1', PUSHED_AT);

    await expect(tickets.save(SUITE_KEY, 'ticket-1', PUSHED_AT)).resolves.toBe(true);
    await expect(tickets.save(SUITE_KEY, 'ticket-1', PUSHED_AT - 5)).resolves.toBe(true);
  });

  it("keeps each suite's tickets apart", async () => {
    await tickets.save(SUITE_KEY, 'market-ticket', PUSHED_AT);
    await tickets.save('other-suite', 'other-ticket', PUSHED_AT);

    await expect(latest()).resolves.toBe('market-ticket');
    await expect(latest('other-suite')).resolves.toBe('other-ticket');
  });
});

describe("providedSuiteTickets (the app's own suiteTicketProvider)", () => {
  const latest = (provider: DingTalkSuiteTicketProvider) =>
    providedSuiteTickets('market', SUITE_KEY, provider).latest();

  it("asks the provider for the suite's ticket on every call", async () => {
    const asked: string[] = [];
    const issued = ['t', 'ticket-2'];
    const source = providedSuiteTickets('market', SUITE_KEY, (suiteKey) => {
      asked.push(suiteKey);
      return Promise.resolve(issued.shift());
    });

    await expect(source.latest()).resolves.toBe('t');
    await expect(source.latest()).resolves.toBe('ticket-2');
    expect(asked).toEqual([SUITE_KEY, SUITE_KEY]);
  });

  it.each([
    ['an empty string', ''],
    ['nothing', undefined],
    ['a number', 42],
  ])('answers a typed error naming the app when the provider returns %s', async (_case, ticket) => {
    const error = await latest(() => ticket as string).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(DingTalkAuthError);
    expect(error).toMatchObject(unavailable);
  });

  it.each([
    ['an Error', new TypeError('vault at secret=abc is down'), 'TypeError'],
    ['something else', 'vault at secret=abc is down', 'string'],
  ])(
    'turns a provider that throws %s into a typed error telling only its kind',
    async (_case, thrown, kind) => {
      const error = await latest(() => {
        throw thrown as unknown;
      }).catch((e: unknown) => e);

      expect(error).toBeInstanceOf(DingTalkAuthError);
      expect(error).toMatchObject({
        message: DingTalkErrorMessages.suiteTicketProviderFailed('market', kind),
        code: 'suiteTicketUnavailable',
        api: 'GetCorpAccessToken',
      });
      expect((error as Error).message).not.toContain('secret=abc');
    },
  );

  it("passes the library's own typed error from the provider through as it is", async () => {
    const own = new DingTalkAuthError('no ticket for this corp yet', { code: 'custom' });

    await expect(latest(() => Promise.reject(own))).rejects.toBe(own);
  });
});
