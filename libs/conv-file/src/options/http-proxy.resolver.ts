/** The proxy calls to DingTalk go through, as the options resolved it. Never logged. */
export interface HttpProxy {
  /** `http://[user:password@]host:port`. */
  url: URL;
}

/**
 * The proxy for calls to `baseUrl`, as curl and other Node tools read it: `HTTPS_PROXY` for an
 * https host (else `HTTP_PROXY`), `HTTP_PROXY` for an http one, lower-case names first, unless
 * `NO_PROXY` lists the host (`*`, a host, or a domain suffix, with an optional port). An explicit
 * `proxy: { url }` replaces the environment's proxy (NO_PROXY still applies); `false` ignores it.
 * The host is fixed per module, so this is decided once, at start-up.
 *
 * @returns the proxy, undefined for a direct connection, or a problem text naming the variable.
 */
export function resolveHttpProxy(
  option: { url: string } | false | undefined,
  baseUrl: URL,
  env: Record<string, string | undefined>,
): { proxy?: HttpProxy; problem?: [option: string, source: string] } {
  if (option === false) return {};
  const read = (name: string) => env[name.toLowerCase()] || env[name] || undefined;
  const https = baseUrl.protocol === 'https:';
  const source =
    option !== undefined
      ? 'proxy.url'
      : https && read('HTTPS_PROXY')
        ? 'HTTPS_PROXY'
        : 'HTTP_PROXY';
  const raw = option !== undefined ? option.url : read(source);
  if (raw === undefined || bypassed(baseUrl, read('NO_PROXY'))) return {};
  const url = URL.canParse(raw) ? new URL(raw) : undefined;
  // An http: URL always has a host: the URL parser refuses one without.
  if (url?.protocol !== 'http:') return { problem: ['proxy', source] };
  return { proxy: { url } };
}

function bypassed(target: URL, noProxy: string | undefined): boolean {
  if (!noProxy) return false;
  const host = target.hostname.toLowerCase();
  const port = target.port || (target.protocol === 'https:' ? '443' : '80');
  // An empty entry (before a leading or after a trailing separator) names no host: no filter needed.
  // Stryker disable next-line Regex: splitting at each separator only adds more empty entries
  return noProxy.split(/[\s,]+/).some((entry) => {
    if (entry === '*') return true;
    const [name, entryPort] = entry.toLowerCase().replace(/^\*\./, '.').split(':');
    if (entryPort && entryPort !== port) return false;
    return name.startsWith('.') ? host.endsWith(name) || host === name.slice(1) : host === name;
  });
}
