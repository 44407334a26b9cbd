import { Test, type TestingModule } from '@nestjs/testing';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { inspect } from 'node:util';
import {
  ConvFileModule,
  ConvFileService,
  DingTalkNetworkError,
  type ConvFileModuleOptions,
} from '@nest-dingtalk/conv-file';
import { APP_KEY, APP_SECRET } from '../../testing/conv-file.test-helper';
import { FakeDingTalk, SAMPLE_FILE } from '../../testing/fake-dingtalk.server';
import { ForwardProxy } from '../../testing/forward-proxy.server';

const SEND_INPUT = { unionId: 'u', spaceId: 's', dentryId: 'd' };
const PROXY_ENV = [
  'HTTPS_PROXY',
  'https_proxy',
  'HTTP_PROXY',
  'http_proxy',
  'NO_PROXY',
  'no_proxy',
];

describe('the default transport through an HTTP proxy', () => {
  let fake: FakeDingTalk;
  let proxy: ForwardProxy;
  let moduleRef: TestingModule | undefined;
  const savedEnv = Object.fromEntries(PROXY_ENV.map((name) => [name, process.env[name]]));

  beforeEach(async () => {
    fake = await FakeDingTalk.start();
    proxy = await ForwardProxy.start('alice:s3cret pass');
    for (const name of PROXY_ENV) delete process.env[name];
  });
  afterEach(async () => {
    for (const [name, value] of Object.entries(savedEnv)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
    await moduleRef?.close();
    moduleRef = undefined;
    await proxy.close();
    await fake.close();
  });

  const withCredentials = () => proxy.url.replace('http://', 'http://alice:s3cret%20pass@');
  const start = async (options: Partial<ConvFileModuleOptions> = {}) => {
    moduleRef = await Test.createTestingModule({
      imports: [
        ConvFileModule.forRoot({
          appKey: APP_KEY,
          appSecret: APP_SECRET,
          baseUrl: fake.url,
          rateLimit: false,
          ...options,
        }),
      ],
    }).compile();
    await moduleRef.init();
    return moduleRef.get(ConvFileService);
  };
  const fakeHost = () => new URL(fake.url).host;

  it('tunnels every call through the proxy option, with its credentials', async () => {
    const convFiles = await start({ proxy: { url: withCredentials() }, retry: false });

    await expect(convFiles.sendByApp(SEND_INPUT)).resolves.toEqual({ file: SAMPLE_FILE });

    // The token request and the send, each through a tunnel to DingTalk's host.
    expect(new Set(proxy.tunnels.map((t) => t.target))).toEqual(new Set([fakeHost()]));
    for (const tunnel of proxy.tunnels) {
      expect(tunnel.proxyAuthorization).toBe(`Basic ${btoa('alice:s3cret pass')}`);
    }
    expect(fake.requests).toHaveLength(2);
  });

  it.each(['HTTP_PROXY', 'http_proxy'])('honours %s from the environment', async (name) => {
    process.env[name] = withCredentials();
    const convFiles = await start();

    await convFiles.sendByApp(SEND_INPUT);

    expect(proxy.tunnels.length).toBeGreaterThan(0);
    expect(new Set(proxy.tunnels.map((t) => t.target))).toEqual(new Set([fakeHost()]));
  });

  it.each(['127.0.0.1', '*', `127.0.0.1:${'PORT'}`])(
    'bypasses it for NO_PROXY=%s',
    async (entry) => {
      process.env.HTTP_PROXY = withCredentials();
      process.env.NO_PROXY = `example.com, ${entry.replace('PORT', new URL(fake.url).port)}`;
      const convFiles = await start();

      await convFiles.sendByApp(SEND_INPUT);

      expect(proxy.tunnels).toHaveLength(0);
      expect(fake.requests).toHaveLength(2);
    },
  );

  it('ignores the environment with proxy: false', async () => {
    process.env.HTTP_PROXY = 'http://127.0.0.1:1';
    const convFiles = await start({ proxy: false });

    await expect(convFiles.sendByApp(SEND_INPUT)).resolves.toEqual({ file: SAMPLE_FILE });
  });

  it('a dead proxy is a typed "not sent" error, and the credentials appear nowhere', async () => {
    const dead = createServer();
    await new Promise<void>((resolve) => dead.listen(0, '127.0.0.1', resolve));
    const { port } = dead.address() as AddressInfo;
    await new Promise<void>((resolve) => dead.close(() => resolve()));
    const convFiles = await start({
      proxy: { url: `http://alice:s3cret%20pass@127.0.0.1:${port}` },
      accessTokenProvider: () => 'token',
      appKey: undefined,
      appSecret: undefined,
      retry: false,
    });

    const error = await convFiles.sendByApp(SEND_INPUT).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(DingTalkNetworkError);
    expect(error).toMatchObject({ requestSent: false, outcomeUnknown: false });
    expect(inspect(error, { depth: 10, showHidden: true }) + JSON.stringify(error)).not.toMatch(
      /s3cret|alice/,
    );
    expect(fake.requests).toHaveLength(0);
  });

  it('a tunnel the proxy refuses (wrong credentials) is not sent either', async () => {
    const convFiles = await start({
      proxy: { url: proxy.url.replace('http://', 'http://alice:wrong@') },
      accessTokenProvider: () => 'token',
      appKey: undefined,
      appSecret: undefined,
      retry: false,
    });

    await expect(convFiles.sendByApp(SEND_INPUT)).rejects.toMatchObject({ requestSent: false });
    expect(fake.requests).toHaveLength(0);
  });

  it('refuses a proxy URL it cannot use, naming where it came from but not the value', async () => {
    process.env.HTTP_PROXY = 'socks5://user:hunter2@proxy:1080';

    const failure = await start().catch((e: unknown) => e);

    expect(String(failure)).toContain(
      'option proxy must be an http:// proxy URL (read from HTTP_PROXY)',
    );
    expect(String(failure)).not.toContain('hunter2');
  });
});
