import { createDingTalkSandbox, type DingTalkSandbox } from '@nest-dingtalk/sandbox';
import { DingTalkApiError } from '../errors/dingtalk-api.error';
import { DingTalkAuthError } from '../errors/dingtalk-auth.error';
import { DingTalkErrorMessages } from '../messages/dingtalk-error.messages';
import { resolveConvFileOptions } from '../options/conv-file-options.resolver';
import { DingTalkRetrier } from '../retry/dingtalk.retrier';
import { ConvFileTelemetry } from '../telemetry/conv-file.telemetry';
import { noTracer } from '../telemetry/dingtalk.tracer';
import { UndiciHttpTransport } from '../transport/undici-http.transport';
import { CorpTokenService } from './corp-token.service';
import { inProcessTokenFetchLock } from './dingtalk-token.lock';
import { MemoryTokenStore } from './memory-token.store';
import type { SuiteTicketSource } from './suite-ticket.source';

const SUITE_KEY = 'market-suite';
const SUITE_SECRET = 'market-suite-secret';
const EAST = 'corp-east';
const WEST = 'corp-west';
const API = 'GetCorpAccessToken';

/** Answers the given tickets in turn (the last one over and over), counting the asks. */
class ScriptedTickets implements SuiteTicketSource {
  asked = 0;

  constructor(private readonly tickets: string[]) {}

  latest(): Promise<string> {
    const ticket = this.tickets[Math.min(this.asked, this.tickets.length - 1)];
    this.asked += 1;
    return Promise.resolve(ticket);
  }
}

describe('CorpTokenService (a third-party app in one organization, against the sandbox)', () => {
  let sandbox: DingTalkSandbox;
  let store: MemoryTokenStore;
  let closers: Array<() => Promise<void>>;

  beforeEach(async () => {
    sandbox = await createDingTalkSandbox({
      rateLimit: false,
      world: {
        apps: [],
        users: [],
        suites: [
          {
            suiteKey: SUITE_KEY,
            suiteSecret: SUITE_SECRET,
            suiteTicket: 'ticket-1',
            authorizedCorpIds: [EAST, WEST],
            scopes: ['ConvFile.File.Send'],
          },
        ],
      },
    });
    store = new MemoryTokenStore();
    closers = [];
  });

  afterEach(async () => {
    for (const close of closers) await close();
    await sandbox.close();
  });

  /** The `market` app's token service for `corpId`, without retries. */
  function corpTokens(
    tickets: SuiteTicketSource,
    { corpId = EAST, suiteSecret = SUITE_SECRET } = {},
  ): CorpTokenService {
    const options = resolveConvFileOptions(
      {
        apps: { market: { suiteKey: SUITE_KEY, suiteSecret } },
        baseUrl: sandbox.url,
        rateLimit: false,
        retry: false,
      },
      {},
    );
    const telemetry = new ConvFileTelemetry(undefined, noTracer);
    const transport = new UndiciHttpTransport(options);
    const retrier = new DingTalkRetrier(options, telemetry);
    closers.push(async () => {
      retrier.onApplicationShutdown();
      await transport.onApplicationShutdown();
    });
    const suite = options.apps.market.tokenSource;
    if (suite.kind !== 'suite') throw new Error('suite expected');
    const parts = { options, transport, retrier, store, lock: inProcessTokenFetchLock, telemetry };
    return new CorpTokenService(parts, 'market', suite, corpId, tickets);
  }

  const corpTokenRequests = () => sandbox.stats().requests.GetCorpAccessToken;
  const failure = (tokens: CorpTokenService) => tokens.getAccessToken().catch((e: unknown) => e);

  it("fetches each organization's own token and shares it under corp-token:<suiteKey>:<corpId>", async () => {
    const east = corpTokens(new ScriptedTickets(['ticket-1']));
    const west = corpTokens(new ScriptedTickets(['ticket-1']), { corpId: WEST });

    const eastToken = await east.getAccessToken();
    const westToken = await west.getAccessToken();

    expect(eastToken).not.toBe(westToken);
    expect(sandbox.stats().tokenFetchesBy).toEqual({
      [`suite:${SUITE_KEY}/${EAST}`]: 1,
      [`suite:${SUITE_KEY}/${WEST}`]: 1,
    });
    await expect(store.get(`corp-token:${SUITE_KEY}:${EAST}`)).resolves.toMatchObject({
      accessToken: eastToken,
    });
    await expect(store.get(`corp-token:${SUITE_KEY}:${WEST}`)).resolves.toMatchObject({
      accessToken: westToken,
    });
  });

  describe('a refused suite ticket (invalidSuiteTicket)', () => {
    it('is retried once with the newest ticket when a newer one is known', async () => {
      sandbox.world.setSuiteTicket(SUITE_KEY, 'ticket-2');
      const tickets = new ScriptedTickets(['ticket-1', 'ticket-2']);

      await expect(corpTokens(tickets).getAccessToken()).resolves.toEqual(expect.any(String));

      expect(tickets.asked).toBe(2);
      expect(corpTokenRequests()).toBe(2);
    });

    it("without a newer ticket: a typed auth error with DingTalk's request id, and no second request", async () => {
      const tickets = new ScriptedTickets(['rotated-away']);

      const error = await failure(corpTokens(tickets));

      expect(error).toBeInstanceOf(DingTalkAuthError);
      expect(error).toMatchObject({
        message: DingTalkErrorMessages.tokenRequest(
          'invalidSuiteTicket',
          `The suiteTicket is not the current ticket of suite ${SUITE_KEY}.`,
        ),
        code: 'invalidSuiteTicket',
        status: 400,
        api: API,
        requestId: expect.any(String) as string,
      });
      expect(tickets.asked).toBe(2);
      expect(corpTokenRequests()).toBe(1);
    });

    it('refused again with the newest ticket: a typed auth error after the one retry', async () => {
      const tickets = new ScriptedTickets(['rotated-away', 'also-rotated-away']);

      const error = await failure(corpTokens(tickets));

      expect(error).toBeInstanceOf(DingTalkAuthError);
      expect(error).toMatchObject({ code: 'invalidSuiteTicket', status: 400, api: API });
      expect(corpTokenRequests()).toBe(2);
    });

    it('followed by another failure on the retry: that failure passes through as it is', async () => {
      sandbox.faults.failNext({ code: 'invalidSuiteTicket', status: 400, api: API });
      sandbox.faults.failNext({ code: 'systemError', status: 500, api: API });

      const error = await failure(corpTokens(new ScriptedTickets(['ticket-0', 'ticket-1'])));

      expect(error).toBeInstanceOf(DingTalkApiError);
      expect(error).not.toBeInstanceOf(DingTalkAuthError);
      expect(error).toMatchObject({ code: 'systemError', status: 500, api: API });
    });
  });

  it('lets any other failure through unchanged, without asking for another ticket or holding it', async () => {
    sandbox.faults.failNext({ code: 'systemError', status: 500, api: API });
    const tickets = new ScriptedTickets(['ticket-1']);
    const tokens = corpTokens(tickets);

    const error = await failure(tokens);

    expect(error).toBeInstanceOf(DingTalkApiError);
    expect(error).not.toBeInstanceOf(DingTalkAuthError);
    expect(error).toMatchObject({ code: 'systemError', status: 500, api: API });
    expect(tickets.asked).toBe(1);
    await expect(tokens.getAccessToken()).resolves.toEqual(expect.any(String));
    expect(corpTokenRequests()).toBe(2);
  });

  it('holds an organization that removed the app (invalidAuthInfo) as a typed auth error naming the app', async () => {
    const tokens = corpTokens(new ScriptedTickets(['ticket-1']), { corpId: 'corp-without-app' });

    const first = await failure(tokens);
    const second = await failure(tokens);

    for (const error of [first, second]) {
      expect(error).toBeInstanceOf(DingTalkAuthError);
      expect(error).toMatchObject({
        message: DingTalkErrorMessages.authorizationRevoked('market'),
        code: 'invalidAuthInfo',
        status: 400,
        api: API,
      });
    }
    expect(first).toMatchObject({ requestId: expect.any(String) as string });
    expect(corpTokenRequests()).toBe(1);
  });

  it("holds a wrong suite key or secret (invalidSuiteKey) as a typed auth error quoting DingTalk's answer", async () => {
    const tokens = corpTokens(new ScriptedTickets(['ticket-1']), { suiteSecret: 'wrong-secret' });

    const first = await failure(tokens);
    const second = await failure(tokens);

    for (const error of [first, second]) {
      expect(error).toBeInstanceOf(DingTalkAuthError);
      expect(error).toMatchObject({
        message: DingTalkErrorMessages.tokenRequest(
          'invalidSuiteKey',
          'Invalid suiteKey or suiteSecret.',
        ),
        code: 'invalidSuiteKey',
        status: 400,
        api: API,
      });
      expect((error as Error).message).not.toContain('wrong-secret');
    }
    expect(corpTokenRequests()).toBe(1);
  });
});
