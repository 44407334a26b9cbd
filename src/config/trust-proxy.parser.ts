import { isIP } from 'node:net';
import { AppMessages } from '../app.messages';

/** Express's `trust proxy` setting: off, on, a number of hops, or the proxies' addresses. */
export type TrustProxy = boolean | number | string[];

/**
 * Reads TRUST_PROXY: `true` or `false`, a number of proxy hops, or a comma-separated list of
 * addresses, CIDR ranges and the names `loopback`, `linklocal`, `uniquelocal`. Unset: `false`
 * (the client is the peer of the TCP connection). Problems name the variable, never the value.
 */
export function parseTrustProxy(
  value: string | undefined,
  report: (problem: string) => void,
): TrustProxy {
  if (value === undefined || value === 'false') return false;
  if (value === 'true') return true;
  if (isDigits(value)) return Number(value);
  const entries = value.split(',').map((entry) => entry.trim());
  if (!entries.every(isTrustedRange)) report(AppMessages.trustProxy);
  return entries;
}

function isTrustedRange(entry: string): boolean {
  // Ranges Express's `trust proxy` setting knows by name.
  if (['loopback', 'linklocal', 'uniquelocal'].includes(entry)) return true;
  const [address, prefix, ...rest] = entry.split('/');
  const version = isIP(address);
  if (version === 0 || rest.length > 0) return false;
  if (prefix === undefined) return true;
  return isDigits(prefix) && Number(prefix) <= (version === 4 ? 32 : 128);
}

function isDigits(text: string): boolean {
  return /^\d+$/.test(text);
}
