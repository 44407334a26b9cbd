import { API_KEY_MIN_LENGTH, apiKeyId, parseApiKeyPolicies, parseApiKeys } from './api-keys.parser';

const KEY_1 = 'first-key-0123456789';
const KEY_2 = 'second-key-0123456789';

const keysOf = (value: string, minLength = API_KEY_MIN_LENGTH) => {
  const problems: string[] = [];
  return { keys: parseApiKeys(value, minLength, (problem) => problems.push(problem)), problems };
};
const policiesOf = (value: string, apiKeys: readonly string[] = [KEY_1, KEY_2]) => {
  const problems: string[] = [];
  return {
    policies: parseApiKeyPolicies(value, apiKeys, (problem) => problems.push(problem)),
    problems,
  };
};

describe('parseApiKeys (API_KEYS)', () => {
  it('splits on commas and trims each key', () => {
    expect(keysOf(` ${KEY_1} ,${KEY_2}`)).toEqual({ keys: [KEY_1, KEY_2], problems: [] });
  });

  it('names a key by its 1-based position', () => {
    expect(apiKeyId(1)).toBe('key-1');
  });

  it.each([
    ['base64 characters', 'abcDEF0123456789+/=='],
    ['URL-safe and hex characters', 'abc-def_0123.456~789'],
    ['a key of exactly the minimum length', 'k'.repeat(API_KEY_MIN_LENGTH)],
    ['a key of exactly 256 characters', 'k'.repeat(256)],
  ])('accepts %s', (_case, key) => {
    expect(keysOf(key).problems).toEqual([]);
  });

  it.each([
    ['an empty key', `${KEY_1},,${KEY_2}`, 'API_KEYS: key 2 is empty'],
    ['a blank key', `${KEY_1}, `, 'API_KEYS: key 2 is empty'],
    [
      'a key with a character outside the allowed set',
      `${KEY_1}:x`,
      'API_KEYS: key 1 may only contain letters, digits and . _ ~ + / = -',
    ],
    [
      'a key with a space inside',
      'first key 0123456789',
      'API_KEYS: key 1 may only contain letters, digits and . _ ~ + / = -',
    ],
    [
      'a key one character short of the minimum',
      'k'.repeat(API_KEY_MIN_LENGTH - 1),
      'API_KEYS: key 1 is shorter than 16 characters',
    ],
    ['a key of 257 characters', 'k'.repeat(257), 'API_KEYS: key 1 is longer than 256 characters'],
  ])('reports %s by position, never by value', (_case, value, problem) => {
    expect(keysOf(value).problems).toEqual([problem]);
  });

  it('applies the minimum length it is given (the sandbox key is shorter than 16)', () => {
    expect(keysOf('sandbox-key', 1).problems).toEqual([]);
    expect(keysOf('sandbox-key', 12).problems).toEqual([
      'API_KEYS: key 1 is shorter than 12 characters',
    ]);
  });
});

describe('parseApiKeyPolicies (API_KEY_POLICIES)', () => {
  it('maps each key id to its unionIds, trimmed, and keeps no key value', () => {
    expect(policiesOf(`${KEY_2}: union-bob | union-carol , ${KEY_1} :union-alice`)).toEqual({
      policies: { 'key-2': ['union-bob', 'union-carol'], 'key-1': ['union-alice'] },
      problems: [],
    });
  });

  it('accepts a unionId of 128 characters', () => {
    expect(policiesOf(`${KEY_1}:${'u'.repeat(128)}`).problems).toEqual([]);
  });

  it.each([
    ['an entry without a colon', 'union-alice', 'entry 1 must look like'],
    ['an entry that starts with the colon', ':union-alice', 'entry 1 must look like'],
    [
      'a key that is not in API_KEYS',
      'unknown-key-0123456789:union-alice',
      'entry 1 names a key that is not',
    ],
    [
      'a key named twice',
      `${KEY_1}:union-a,${KEY_1}:union-b`,
      'entry 2 names a key that an earlier',
    ],
    ['an empty unionId', `${KEY_1}:union-a|`, 'entry 1 has an empty or malformed unionId'],
    ['a unionId with a space', `${KEY_1}:union a`, 'entry 1 has an empty or malformed unionId'],
    [
      'a unionId with a control character',
      `${KEY_1}:union\u0085a`,
      'entry 1 has an empty or malformed unionId',
    ],
    [
      'a unionId of 129 characters',
      `${KEY_1}:${'u'.repeat(129)}`,
      'entry 1 has an empty or malformed unionId',
    ],
    ['a unionId with a colon', `${KEY_1}:union:a`, 'entry 1 has an empty or malformed unionId'],
  ])('reports %s, and keeps no policy for it', (_case, value, problem) => {
    const { policies, problems } = policiesOf(value);

    expect(problems).toEqual([expect.stringContaining(`API_KEY_POLICIES: ${problem}`)]);
    expect(Object.keys(policies)).toEqual(value.includes(',') ? ['key-1'] : []);
  });
});
