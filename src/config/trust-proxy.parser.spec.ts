import { parseTrustProxy } from './trust-proxy.parser';

/** The value parseTrustProxy returns, and the problems it reported. */
const parse = (value: string | undefined) => {
  const problems: string[] = [];
  return { value: parseTrustProxy(value, (problem) => problems.push(problem)), problems };
};

describe('parseTrustProxy (TRUST_PROXY)', () => {
  it.each([
    ['unset', undefined, false],
    ['false', 'false', false],
    ['true', 'true', true],
    ['a number of hops', '2', 2],
    ['zero hops', '0', 0],
  ])('reads %s as Express reads it', (_case, value, expected) => {
    expect(parse(value)).toEqual({ value: expected, problems: [] });
  });

  it.each([
    ['the named ranges', 'loopback,linklocal,uniquelocal'],
    ['an IPv4 address', '10.1.2.3'],
    ['an IPv6 address', 'fd00::1'],
    ['IPv4 prefixes from /0 to /32', '10.0.0.0/0,10.0.0.0/32'],
    ['an IPv6 prefix of /128', 'fd00::/128'],
  ])('accepts %s, as a list', (_case, value) => {
    expect(parse(value)).toEqual({ value: value.split(','), problems: [] });
  });

  it('trims white space around each entry', () => {
    expect(parse(' loopback , 10.0.0.0/8 ').value).toEqual(['loopback', '10.0.0.0/8']);
  });

  it.each([
    ['a host name', 'proxy.internal'],
    ['a name Express does not know', 'localnet'],
    ['an IPv4 prefix over /32', '10.0.0.0/33'],
    ['an IPv6 prefix over /128', 'fd00::/129'],
    ['a prefix that is not a number', '10.0.0.0/eight'],
    ['an empty prefix', '10.0.0.0/'],
    ['two prefixes', '10.0.0.0/8/8'],
    ['an empty entry', '10.0.0.1,'],
    ['a negative number of hops', '-1'],
    ['a fractional number of hops', '1.5'],
    ['other letter case of true', 'TRUE'],
  ])('reports %s, once and without repeating the value', (_case, value) => {
    const { problems } = parse(value);

    expect(problems).toEqual([expect.stringMatching(/^TRUST_PROXY must be true, false/)]);
    expect(problems[0]).not.toContain(value);
  });
});
