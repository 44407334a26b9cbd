import { createCipheriv, randomBytes } from 'node:crypto';
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

/** Encrypts `plain` (whole AES blocks) with the vector's key as DingTalk does, adding no padding. */
function encryptRaw(plain: Buffer): string {
  const key = Buffer.from(`${VECTOR.aesKey}=`, 'base64');
  const cipher = createCipheriv('aes-256-cbc', key, key.subarray(0, 16));
  cipher.setAutoPadding(false);
  return Buffer.concat([cipher.update(plain), cipher.final()]).toString('base64');
}

/** A frame as DingTalk lays it out: 16 random bytes, a declared length, then `rest` as given. */
function frame(declaredLength: number, ...rest: Buffer[]): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(declaredLength);
  return Buffer.concat([randomBytes(16), length, ...rest]);
}

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

  it('round-trips every message length over two blocks, so every padding from 1 to 32 bytes', () => {
    const pads = new Set<number>();
    for (let length = 0; length <= 64; length++) {
      const message = 'm'.repeat(length);
      pads.add(32 - ((20 + length + VECTOR.ownerKey.length) % 32));
      expect(cipher.decrypt(cipher.encrypt(message))).toBe(message);
    }
    expect(pads.size).toBe(32);
  });

  it('round-trips with an empty owner key, down to the shortest frame', () => {
    const bare = new DingTalkCallbackCipher(VECTOR.token, VECTOR.aesKey, '');

    for (const message of ['', 'hello', 'x'.repeat(12), 'y'.repeat(44)]) {
      expect(bare.decrypt(bare.encrypt(message))).toBe(message);
    }
  });

  describe('refuses a frame that is not well formed', () => {
    // No owner key, so that only the frame's checks stand between each text and a message.
    const bare = new DingTalkCallbackCipher(VECTOR.token, VECTOR.aesKey, '');
    const message = Buffer.from('hello world!');

    it('whose padding byte is 0', () => {
      const text = frame(12, Buffer.from('hello world\0'));

      expect(bare.decrypt(encryptRaw(text))).toBeUndefined();
    });

    it('whose padding is longer than a 32-byte block', () => {
      const text = frame(12, message, Buffer.alloc(48, 48));

      expect(bare.decrypt(encryptRaw(text))).toBeUndefined();
    });

    it('too short to hold the random bytes, the length and its padding', () => {
      expect(bare.decrypt(encryptRaw(Buffer.alloc(32, 32)))).toBeUndefined();
    });

    it('whose declared length runs past its end', () => {
      const text = frame(100, message, Buffer.alloc(16, 16));

      expect(bare.decrypt(encryptRaw(text))).toBeUndefined();
    });

    it('but reads the same frame with the right length and padding', () => {
      expect(bare.decrypt(encryptRaw(frame(12, message, Buffer.alloc(16, 16))))).toBe(
        'hello world!',
      );
    });
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
