import { createCipheriv, createDecipheriv, createHash } from 'node:crypto';
import {
  decryptDingTalkEvent,
  DingTalkCallbackCryptoError,
  encryptDingTalkEvent,
  isDingTalkAesKey,
  signDingTalkEvent,
} from './dingtalk-callback.cipher';

/** DingTalk's published test vector (its old ISV docs and Java demo). */
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

const KEY = Buffer.from(`${VECTOR.aesKey}=`, 'base64');

/** AES-256-CBC with the callback key and IV and no padding of its own: the spec's own sealing. */
function seal(plain: Buffer): string {
  const cipher = createCipheriv('aes-256-cbc', KEY, KEY.subarray(0, 16));
  cipher.setAutoPadding(false);
  return Buffer.concat([cipher.update(plain), cipher.final()]).toString('base64');
}

function unseal(encrypt: string): Buffer {
  const decipher = createDecipheriv('aes-256-cbc', KEY, KEY.subarray(0, 16));
  decipher.setAutoPadding(false);
  return Buffer.concat([decipher.update(Buffer.from(encrypt, 'base64')), decipher.final()]);
}

/** 16 random bytes + 4-byte length + message + owner key, padded by hand to 32-byte blocks. */
function frame(message: Buffer, ownerKey: string, declaredLength = message.length): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(declaredLength);
  const plain = Buffer.concat([Buffer.alloc(16, 7), length, message, Buffer.from(ownerKey)]);
  const padding = 32 - (plain.length % 32);
  return Buffer.concat([plain, Buffer.alloc(padding, padding)]);
}

describe('DingTalk callback crypto', () => {
  describe("DingTalk's published test vector", () => {
    it('decrypts to the published event and owner key', () => {
      expect(decryptDingTalkEvent(VECTOR.aesKey, VECTOR.encrypt)).toEqual({
        message: VECTOR.message,
        ownerKey: VECTOR.ownerKey,
      });
      expect(decryptDingTalkEvent(VECTOR.aesKey, VECTOR.encrypt, VECTOR.ownerKey).message).toBe(
        VECTOR.message,
      );
    });

    it('signs token, timestamp, nonce and encrypt to the published signature', () => {
      expect(signDingTalkEvent(VECTOR.token, VECTOR.timestamp, VECTOR.nonce, VECTOR.encrypt)).toBe(
        VECTOR.signature,
      );
    });

    it('encrypts to the published ciphertext, byte for byte, given the same random bytes', () => {
      const random = unseal(VECTOR.encrypt).subarray(0, 16);
      expect(encryptDingTalkEvent(VECTOR.aesKey, VECTOR.message, VECTOR.ownerKey, random)).toBe(
        VECTOR.encrypt,
      );
    });
  });

  describe('encrypt', () => {
    it('round-trips non-ASCII text and "%" as their plain UTF-8 bytes (no URI encoding)', () => {
      const message = '{"name":"报告 50%.xlsx","emoji":"📎"}';
      const encrypt = encryptDingTalkEvent(VECTOR.aesKey, message, 'suite-k');
      expect(decryptDingTalkEvent(VECTOR.aesKey, encrypt, 'suite-k')).toEqual({
        message,
        ownerKey: 'suite-k',
      });
      const plain = unseal(encrypt);
      const bytes = Buffer.from(message, 'utf8');
      expect(plain.readUInt32BE(16)).toBe(bytes.length);
      expect(plain.subarray(20, 20 + bytes.length)).toEqual(bytes);
    });

    it('pads to 32-byte blocks, adding a whole block when the text is already aligned', () => {
      // 16 random + 4 length + 12 text = 32 bytes: a full 32-byte block of padding follows.
      const aligned = unseal(encryptDingTalkEvent(VECTOR.aesKey, 'twelve bytes', ''));
      expect(aligned).toHaveLength(64);
      expect(aligned.subarray(32)).toEqual(Buffer.alloc(32, 32));
      // 16 + 4 + 7 + 0 = 27 bytes: 5 bytes of 5.
      const short = unseal(encryptDingTalkEvent(VECTOR.aesKey, 'success', ''));
      expect(short).toHaveLength(32);
      expect(short.subarray(27)).toEqual(Buffer.alloc(5, 5));
    });

    it('uses fresh random bytes each time', () => {
      const first = encryptDingTalkEvent(VECTOR.aesKey, 'success', 'suite-k');
      const second = encryptDingTalkEvent(VECTOR.aesKey, 'success', 'suite-k');
      expect(first).not.toBe(second);
      expect(unseal(first).subarray(0, 16)).not.toEqual(unseal(second).subarray(0, 16));
    });

    it('refuses random bytes that are not 16', () => {
      expect(() =>
        encryptDingTalkEvent(VECTOR.aesKey, 'success', 'suite-k', Buffer.alloc(15)),
      ).toThrow('random must be 16 bytes');
    });
  });

  describe('signature', () => {
    it('sorts the four strings before hashing them', () => {
      const expected = createHash('sha1').update('abcd').digest('hex');
      expect(signDingTalkEvent('c', 'a', 'd', 'b')).toBe(expected);
      expect(signDingTalkEvent('d', 'b', 'c', 'a')).toBe(expected);
    });
  });

  describe('decrypt refuses', () => {
    const refuse = (encrypt: string, message: string, ownerKey?: string) => {
      const attempt = () => decryptDingTalkEvent(VECTOR.aesKey, encrypt, ownerKey);
      expect(attempt).toThrow(DingTalkCallbackCryptoError);
      expect(attempt).toThrow(message);
    };

    it('another owner key than the expected one', () => {
      const encrypt = encryptDingTalkEvent(VECTOR.aesKey, 'success', 'suite-a');
      refuse(encrypt, 'encrypt was sealed for another owner key', 'suite-b');
      refuse(encrypt, 'encrypt was sealed for another owner key', 'suite-');
    });

    it('text that is not base64', () => {
      refuse('not base64!', 'encrypt is not base64');
      refuse('', 'encrypt is not base64');
    });

    it('a ciphertext that is not whole 32-byte blocks', () => {
      refuse(seal(Buffer.alloc(16, 16)), 'wrong length');
      refuse(VECTOR.encrypt.slice(0, 64), 'wrong length');
    });

    it('bad padding, which is what a wrong aesKey looks like', () => {
      const zeroPadding = Buffer.concat([frame(Buffer.from('x'), ''), Buffer.alloc(32, 0)]);
      refuse(seal(zeroPadding), 'bad padding');
      const tooLong = Buffer.alloc(64, 33);
      refuse(seal(tooLong), 'bad padding');
      const uneven = frame(Buffer.from('success'), '');
      uneven[uneven.length - 2] = 1;
      refuse(seal(uneven), 'bad padding');
    });

    it('a length prefix longer than the text', () => {
      refuse(seal(frame(Buffer.from('success'), '', 8)), 'wrong length');
      refuse(seal(Buffer.alloc(32, 32)), 'wrong length');
    });

    it('text that is not UTF-8', () => {
      refuse(seal(frame(Buffer.from([0xff, 0xfe]), 'suite-k')), 'encrypt does not hold UTF-8 text');
    });

    it('text with a character outside base64 before valid base64', () => {
      refuse(`!${VECTOR.encrypt}`, 'encrypt is not base64');
    });

    it('base64 too short to hold one byte', () => {
      refuse('A', 'wrong length');
    });

    it('a message shorter than the random bytes and length prefix', () => {
      const sixteen = Buffer.concat([Buffer.alloc(16, 7), Buffer.alloc(16, 16)]);
      refuse(seal(sixteen), 'wrong length');
    });

    it('as a DingTalkCallbackCryptoError named so', () => {
      const error = (() => {
        try {
          return decryptDingTalkEvent(VECTOR.aesKey, 'A');
        } catch (caught) {
          return caught;
        }
      })();
      expect(error).toMatchObject({ name: 'DingTalkCallbackCryptoError' });
    });

    it('nothing when the message and owner key fill the frame exactly, even both empty', () => {
      expect(decryptDingTalkEvent(VECTOR.aesKey, seal(frame(Buffer.alloc(0), '')))).toEqual({
        message: '',
        ownerKey: '',
      });
      expect(decryptDingTalkEvent(VECTOR.aesKey, seal(frame(Buffer.from('success'), '')))).toEqual({
        message: 'success',
        ownerKey: '',
      });
    });

    it('nothing of a leading byte order mark: it stays in the message', () => {
      const encrypt = encryptDingTalkEvent(VECTOR.aesKey, '\uFEFFsuccess', 'suite-k');
      expect(decryptDingTalkEvent(VECTOR.aesKey, encrypt).message).toBe('\uFEFFsuccess');
    });

    it('reads the declared length exactly: the rest is the owner key', () => {
      const framed = frame(Buffer.from('success'), 'suite-k', 5);
      expect(decryptDingTalkEvent(VECTOR.aesKey, seal(framed))).toEqual({
        message: 'succe',
        ownerKey: 'sssuite-k',
      });
    });
  });

  describe('aesKey', () => {
    it.each([
      ['42 characters', VECTOR.aesKey.slice(1)],
      ['44 characters', `${VECTOR.aesKey}=`],
      ['a character outside base64', `${VECTOR.aesKey.slice(1)}-`],
    ])('refuses %s, without echoing the key', (_name, aesKey) => {
      expect(isDingTalkAesKey(aesKey)).toBe(false);
      const attempt = () => encryptDingTalkEvent(aesKey, 'success', 'suite-k');
      expect(attempt).toThrow('aesKey must be 43 characters of the base64 alphabet');
      expect(attempt).not.toThrow(aesKey);
      expect(() => decryptDingTalkEvent(aesKey, VECTOR.encrypt)).toThrow(
        DingTalkCallbackCryptoError,
      );
    });

    it('accepts 43 characters of the base64 alphabet', () => {
      expect(isDingTalkAesKey(VECTOR.aesKey)).toBe(true);
      expect(isDingTalkAesKey(`${'A+/z9'.repeat(8)}abc`)).toBe(true);
      expect(isDingTalkAesKey(43)).toBe(false);
    });
  });
});
