import { DingTalkCallbackCipher } from './dingtalk-callback.cipher';

/** DingTalk's published test vector (its ISV docs and Java demo). */
const VECTOR = {
  token: '123456',
  aesKey: '4g5j64qlyl3zvetqxz5jiocdr586fn2zvjpa8zls3ij',
  ownerKey: 'suite4xxxxxxxxxxxxxxx',
  timestamp: '1445827045067',
  nonce: 'nEXhMP4r',
  signature: '5a65ceeef9aab2d149439f82dc191dd6c5cbe2c0',
  encrypt:
    '1a3NBxmCFwkCJvfoQ7WhJHB+iX3qHPsc9JbaDznE1i03peOk1LaOQoRz3+nlyGNhwmwJ3vDMG+OzrHMeiZI7gTRWVdUBmfxjZ8Ej23JVYa9VrYeJ5as7XM/ZpulX8NEQis44w53h1qAgnC3PRzM7Zc/D6Ibr0rgUathB6zRHP8PYrfgnNOS9PhSBdHlegK+AGGanfwjXuQ9+0pZcy0w9lQ==',
  message:
    '{"EventType":"check_create_suite_url","Random":"LPIdSnlF","TestSuiteKey":"suite4xxxxxxxxxxxxxxx"}',
};

describe('DingTalkCallbackCipher', () => {
  const cipher = new DingTalkCallbackCipher(VECTOR.token, VECTOR.aesKey, VECTOR.ownerKey);

  it("computes DingTalk's signature of the test vector", () => {
    expect(cipher.signature(VECTOR.timestamp, VECTOR.nonce, VECTOR.encrypt)).toBe(VECTOR.signature);
    expect(cipher.verify(VECTOR.signature, VECTOR.timestamp, VECTOR.nonce, VECTOR.encrypt)).toBe(
      true,
    );
  });

  it("decrypts the test vector's event", () => {
    expect(cipher.decrypt(VECTOR.encrypt)).toBe(VECTOR.message);
  });

  it('refuses a signature that differs in one character, or in length', () => {
    const altered = `${VECTOR.signature.slice(0, -1)}f`;

    expect(cipher.verify(altered, VECTOR.timestamp, VECTOR.nonce, VECTOR.encrypt)).toBe(false);
    expect(
      cipher.verify(`${VECTOR.signature}0`, VECTOR.timestamp, VECTOR.nonce, VECTOR.encrypt),
    ).toBe(false);
    expect(cipher.verify(VECTOR.signature, '1445827045068', VECTOR.nonce, VECTOR.encrypt)).toBe(
      false,
    );
  });

  it('round-trips non-ASCII text and "%" as plain UTF-8, in any length across block edges', () => {
    for (const message of ['success', '钉钉 %E4 100%', 'x'.repeat(31), 'y'.repeat(32), '']) {
      expect(cipher.decrypt(cipher.encrypt(message))).toBe(message);
    }
  });

  it("refuses text encrypted for another owner key, or with another key, or that isn't ciphertext", () => {
    const otherOwner = new DingTalkCallbackCipher(VECTOR.token, VECTOR.aesKey, 'suite-other');
    const otherKey = new DingTalkCallbackCipher(
      VECTOR.token,
      'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG',
      VECTOR.ownerKey,
    );

    expect(cipher.decrypt(otherOwner.encrypt('success'))).toBeUndefined();
    expect(cipher.decrypt(otherKey.encrypt('success'))).toBeUndefined();
    expect(cipher.decrypt('not base64 ciphertext')).toBeUndefined();
    expect(cipher.decrypt('')).toBeUndefined();
  });
});
