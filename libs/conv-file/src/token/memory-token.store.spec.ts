import { MemoryTokenStore } from './memory-token.store';

const NOW = Date.parse('2026-01-01T00:00:00Z');

describe("MemoryTokenStore (tokenStore: 'memory', nothing shared)", () => {
  let store: MemoryTokenStore;

  beforeEach(() => {
    jest.useFakeTimers({ now: NOW });
    store = new MemoryTokenStore();
  });

  afterEach(() => jest.useRealTimers());

  it('hands back a token until its expiresAt, and no longer from then on', async () => {
    const token = { accessToken: 'tok', expiresAt: NOW + 1000 };
    await store.set('access-token:app', token);

    await expect(store.get('access-token:app')).resolves.toEqual(token);
    jest.setSystemTime(NOW + 999);
    await expect(store.get('access-token:app')).resolves.toEqual(token);
    jest.setSystemTime(NOW + 1000);
    await expect(store.get('access-token:app')).resolves.toBeUndefined();
  });

  it('drops an expired token for good: it does not come back if the clock is set back', async () => {
    await store.set('access-token:app', { accessToken: 'tok', expiresAt: NOW + 1000 });
    jest.setSystemTime(NOW + 1000);
    await store.get('access-token:app');

    jest.setSystemTime(NOW);

    await expect(store.get('access-token:app')).resolves.toBeUndefined();
  });

  it('keeps keys apart, and deletes only the key it is given', async () => {
    const mine = { accessToken: 'mine', expiresAt: NOW + 1000 };
    const other = { accessToken: 'other', expiresAt: NOW + 1000 };
    await store.set('access-token:mine', mine);
    await store.set('access-token:other', other);

    await store.delete('access-token:mine');

    await expect(store.get('access-token:mine')).resolves.toBeUndefined();
    await expect(store.get('access-token:other')).resolves.toEqual(other);
  });
});
