import { ConfigService } from '@nestjs/config';
import type { AppConfig } from '../config/app-config.interface';
import { ApiKeyService } from './api-key.service';

const FIRST = 'first-key-0123456789abcdef';
const SECOND = 'second-key-0123456789abcdef';

describe('ApiKeyService', () => {
  const serviceFor = (apiKeys: string[]) =>
    new ApiKeyService(new ConfigService<AppConfig, true>({ apiKeys }));

  it('names each key of API_KEYS by its position, never by its value', () => {
    const apiKeys = serviceFor([FIRST, SECOND]);

    expect(apiKeys.identify(FIRST)).toEqual({ id: 'key-1' });
    expect(apiKeys.identify(SECOND)).toEqual({ id: 'key-2' });
  });

  it('names a key listed twice by its first position', () => {
    expect(serviceFor([FIRST, SECOND, FIRST]).identify(FIRST)).toEqual({ id: 'key-1' });
  });

  it.each([
    ['a key that is a prefix of a valid key', FIRST.slice(0, -1)],
    ['a one-character prefix of a valid key', FIRST.slice(0, 1)],
    ['a valid key with a character added', `${FIRST}x`],
    ['a key differing from a valid one in its last character only', `${FIRST.slice(0, -1)}x`],
    ['a valid key in other letter case', FIRST.toUpperCase()],
    ['a valid key with white space around it', ` ${FIRST} `],
    ['an empty key', ''],
    ['two valid keys joined', `${FIRST},${SECOND}`],
  ])('refuses %s', (_case, presented) => {
    expect(serviceFor([FIRST, SECOND]).identify(presented)).toBeUndefined();
  });

  it('refuses every key, the empty one included, when API_KEYS lists none', () => {
    const apiKeys = serviceFor([]);

    expect(apiKeys.identify('')).toBeUndefined();
    expect(apiKeys.identify(FIRST)).toBeUndefined();
  });
});
