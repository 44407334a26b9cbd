import { resolveHttpProxy } from './http-proxy.resolver';

const HTTPS_HOST = new URL('https://api.dingtalk.com');
const HTTP_HOST = new URL('http://sandbox.internal:8080');

/** The proxy URL chosen (as text), undefined for a direct connection. */
const chosen = (
  env: Record<string, string | undefined>,
  baseUrl = HTTPS_HOST,
  option?: { url: string } | false,
) => {
  const { proxy, problem } = resolveHttpProxy(option, baseUrl, env);
  expect(problem).toBeUndefined();
  return proxy?.url.href;
};

describe('resolveHttpProxy: which proxy a host is reached through', () => {
  it('takes HTTPS_PROXY for an https host, falling back to HTTP_PROXY', () => {
    expect(chosen({ HTTPS_PROXY: 'http://secure:1/', HTTP_PROXY: 'http://plain:2/' })).toBe(
      'http://secure:1/',
    );
    expect(chosen({ HTTP_PROXY: 'http://plain:2/' })).toBe('http://plain:2/');
  });

  it('takes only HTTP_PROXY for an http host', () => {
    const env = { HTTPS_PROXY: 'http://secure:1/', HTTP_PROXY: 'http://plain:2/' };

    expect(chosen(env, HTTP_HOST)).toBe('http://plain:2/');
    expect(chosen({ HTTPS_PROXY: 'http://secure:1/' }, HTTP_HOST)).toBeUndefined();
  });

  it('prefers the lower-case variable, and reads an empty one as unset', () => {
    expect(chosen({ https_proxy: 'http://lower:1/', HTTPS_PROXY: 'http://upper:2/' })).toBe(
      'http://lower:1/',
    );
    expect(chosen({ https_proxy: '', HTTPS_PROXY: 'http://upper:2/' })).toBe('http://upper:2/');
    expect(chosen({ http_proxy: 'http://lower:1/', HTTP_PROXY: 'http://upper:2/' })).toBe(
      'http://lower:1/',
    );
  });

  it('connects directly when no variable is set, or when they are empty', () => {
    expect(resolveHttpProxy(undefined, HTTPS_HOST, {})).toEqual({});
    expect(resolveHttpProxy(undefined, HTTPS_HOST, { HTTP_PROXY: '', https_proxy: '' })).toEqual(
      {},
    );
  });

  it('uses the proxy option instead of the environment; false ignores the environment', () => {
    const env = { HTTPS_PROXY: 'http://env:1/' };

    expect(chosen(env, HTTPS_HOST, { url: 'http://option:3/' })).toBe('http://option:3/');
    expect(resolveHttpProxy(false, HTTPS_HOST, env)).toEqual({});
  });

  it('keeps the credentials in the URL it returns (the tunnel sends them)', () => {
    expect(chosen({}, HTTPS_HOST, { url: 'http://alice:s3cret@proxy:3128' })).toBe(
      'http://alice:s3cret@proxy:3128/',
    );
  });
});

describe('resolveHttpProxy: NO_PROXY', () => {
  const viaProxy = (noProxy: string, baseUrl: URL, name = 'NO_PROXY') =>
    chosen(
      { HTTPS_PROXY: 'http://proxy:1/', HTTP_PROXY: 'http://proxy:1/', [name]: noProxy },
      baseUrl,
    ) !== undefined;

  it.each([
    ['*', 'https://api.dingtalk.com'],
    ['api.dingtalk.com', 'https://api.dingtalk.com'],
    ['API.DingTalk.com', 'https://api.dingtalk.com'],
    ['.dingtalk.com', 'https://api.dingtalk.com'],
    ['.dingtalk.com', 'https://dingtalk.com'],
    ['*.dingtalk.com', 'https://api.dingtalk.com'],
    ['api.dingtalk.com:443', 'https://api.dingtalk.com'],
    ['sandbox.internal:80', 'http://sandbox.internal'],
    ['sandbox.internal:8080', 'http://sandbox.internal:8080'],
    ['example.com,api.dingtalk.com', 'https://api.dingtalk.com'],
    ['example.com  api.dingtalk.com', 'https://api.dingtalk.com'],
    [' , api.dingtalk.com', 'https://api.dingtalk.com'],
  ])('NO_PROXY=%p bypasses the proxy for %s', (noProxy, target) => {
    expect(viaProxy(noProxy, new URL(target))).toBe(false);
  });

  it.each([
    ['', 'https://api.dingtalk.com'],
    ['example.com', 'https://api.dingtalk.com'],
    ['dingtalk.com', 'https://api.dingtalk.com'],
    ['.dingtalk.com', 'https://notdingtalk.com'],
    ['api.dingtalk.com.evil', 'https://api.dingtalk.com'],
    ['api.dingtalk.com:80', 'https://api.dingtalk.com'],
    ['sandbox.internal:443', 'http://sandbox.internal'],
    ['sandbox.internal:80', 'http://sandbox.internal:8080'],
    ['api', 'https://api.dingtalk.com'],
    // Only a leading '*.' is a wildcard: one inside an entry matches nothing.
    ['api*.dingtalk.com', 'https://api.dingtalk.com'],
    [', ,', 'https://api.dingtalk.com'],
  ])('NO_PROXY=%p keeps the proxy for %s', (noProxy, target) => {
    expect(viaProxy(noProxy, new URL(target))).toBe(true);
  });

  it('reads no_proxy before NO_PROXY', () => {
    const env = { HTTPS_PROXY: 'http://proxy:1/', no_proxy: 'example.com', NO_PROXY: '*' };

    expect(chosen(env)).toBe('http://proxy:1/');
    expect(viaProxy('*', HTTPS_HOST, 'no_proxy')).toBe(false);
  });

  it('applies to the proxy option too', () => {
    expect(chosen({ NO_PROXY: '.dingtalk.com' }, HTTPS_HOST, { url: 'http://option:3/' })).toBe(
      undefined,
    );
  });
});

describe('resolveHttpProxy: a proxy it cannot use', () => {
  it.each([
    ['socks5://proxy:1080', 'HTTPS_PROXY'],
    ['https://proxy:443', 'HTTPS_PROXY'],
    ['proxy:3128', 'HTTPS_PROXY'],
    ['not a url', 'HTTPS_PROXY'],
  ])('%p from %s is a problem naming the variable', (value, name) => {
    expect(resolveHttpProxy(undefined, HTTPS_HOST, { [name]: value })).toEqual({
      problem: ['proxy', name],
    });
  });

  it('names HTTP_PROXY when that is where the value came from', () => {
    expect(resolveHttpProxy(undefined, HTTPS_HOST, { http_proxy: 'ftp://proxy' })).toEqual({
      problem: ['proxy', 'HTTP_PROXY'],
    });
  });

  it('names the option when the option is wrong', () => {
    expect(resolveHttpProxy({ url: 'socks5://proxy:1080' }, HTTPS_HOST, {})).toEqual({
      problem: ['proxy', 'proxy.url'],
    });
  });

  it('is not a problem when NO_PROXY bypasses the proxy anyway', () => {
    expect(
      resolveHttpProxy(undefined, HTTPS_HOST, { HTTPS_PROXY: 'socks5://proxy', NO_PROXY: '*' }),
    ).toEqual({});
  });
});
