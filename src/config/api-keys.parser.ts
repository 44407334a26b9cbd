import { AppMessages } from '../app.messages';

/** Real keys must be long enough not to be guessed; `openssl rand -hex 32` makes a good one. */
export const API_KEY_MIN_LENGTH = 16;
const API_KEY_MAX_LENGTH = 256;
/** Base64, hex and URL-safe keys; excludes the separators of API_KEYS and API_KEY_POLICIES. */
const API_KEY_CHARACTERS = /^[A-Za-z0-9._~+/=-]+$/;
/** The library's id rules: at most 128 characters, no control characters, no separators here. */
// eslint-disable-next-line no-control-regex
const UNION_ID = /^[^\s:|,\u0000-\u001f\u007f-\u009f]{1,128}$/;

/** Id of the key at `position` (1-based) in API_KEYS: how logs and policies name a key without its value. */
export function apiKeyId(position: number): string {
  return `key-${position}`;
}

/**
 * Splits API_KEYS (comma-separated). `minLength` is waived only for the sandbox's own key.
 * Problems name the key by position, never by value.
 */
export function parseApiKeys(
  value: string,
  minLength: number,
  report: (problem: string) => void,
): string[] {
  return value.split(',').map((raw, index) => {
    const key = raw.trim();
    const position = index + 1;
    if (key === '') report(AppMessages.apiKeyEmpty(position));
    else if (!API_KEY_CHARACTERS.test(key)) report(AppMessages.apiKeyCharacters(position));
    else if (key.length < minLength) report(AppMessages.apiKeyTooShort(position, minLength));
    else if (key.length > API_KEY_MAX_LENGTH)
      report(AppMessages.apiKeyTooLong(position, API_KEY_MAX_LENGTH));
    return key;
  });
}

/**
 * Parses API_KEY_POLICIES: comma-separated `<api key>:<unionId>|<unionId>…` entries. Returns the
 * allowed unionIds by key id, so the keys themselves are not kept twice.
 */
export function parseApiKeyPolicies(
  value: string,
  apiKeys: readonly string[],
  report: (problem: string) => void,
): Record<string, string[]> {
  const policies: Record<string, string[]> = {};
  value.split(',').forEach((raw, index) => {
    const position = index + 1;
    const separator = raw.indexOf(':');
    if (separator <= 0) {
      report(AppMessages.policyFormat(position));
      return;
    }
    const keyIndex = apiKeys.indexOf(raw.slice(0, separator).trim());
    const unionIds = raw
      .slice(separator + 1)
      .split('|')
      .map((unionId) => unionId.trim());
    if (keyIndex < 0) report(AppMessages.policyUnknownKey(position));
    else if (policies[apiKeyId(keyIndex + 1)]) report(AppMessages.policyDuplicateKey(position));
    else if (!unionIds.every((unionId) => UNION_ID.test(unionId)))
      report(AppMessages.policyBadUnionId(position));
    else policies[apiKeyId(keyIndex + 1)] = unionIds;
  });
  return policies;
}
