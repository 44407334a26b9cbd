import {
  createCipheriv,
  createDecipheriv,
  createHash,
  randomBytes,
  timingSafeEqual,
} from 'node:crypto';

/** AES-256-CBC with PKCS#7 padding to 32-byte blocks, as DingTalk pads (not AES's 16). */
const BLOCK = 32;

/**
 * DingTalk's HTTP event-push crypto, with `node:crypto`: the signature is the SHA-1 of token,
 * timestamp, nonce and the encrypted text, sorted and joined; the text is AES-256-CBC of
 * `16 random bytes + 4-byte big-endian length + message + owner key`, the key being the base64 of
 * `aesKey + '='` and the IV its first 16 bytes. The message is encrypted as plain UTF-8 (as
 * DingTalk's Java reference does; npm `dingtalk-encrypt` URI-encodes it first, which differs for
 * non-ASCII text and `%`).
 * @see https://open.dingtalk.com/document/isvapp/configure-event-subcription
 */
export class DingTalkCallbackCipher {
  private readonly key: Buffer;

  /** @param ownerKey the suiteKey of a third-party app. */
  constructor(
    private readonly token: string,
    aesKey: string,
    private readonly ownerKey: string,
  ) {
    this.key = Buffer.from(`${aesKey}=`, 'base64');
  }

  signature(timestamp: string, nonce: string, encrypted: string): string {
    const text = [this.token, timestamp, nonce, encrypted].sort().join('');
    return createHash('sha1').update(text).digest('hex');
  }

  /** Compares in constant time, so a forger learns nothing from timing. */
  verify(signature: string, timestamp: string, nonce: string, encrypted: string): boolean {
    const expected = Buffer.from(this.signature(timestamp, nonce, encrypted));
    const given = Buffer.from(signature);
    return given.length === expected.length && timingSafeEqual(given, expected);
  }

  encrypt(message: string): string {
    const text = Buffer.from(message, 'utf8');
    const length = Buffer.alloc(4);
    length.writeUInt32BE(text.length);
    const plain = Buffer.concat([randomBytes(16), length, text, Buffer.from(this.ownerKey)]);
    const pad = BLOCK - (plain.length % BLOCK);
    const cipher = createCipheriv('aes-256-cbc', this.key, this.key.subarray(0, 16));
    cipher.setAutoPadding(false);
    const padded = Buffer.concat([plain, Buffer.alloc(pad, pad)]);
    return Buffer.concat([cipher.update(padded), cipher.final()]).toString('base64');
  }

  /** The message, or undefined when the text is not one this app's key and owner key produced. */
  decrypt(encrypted: string): string | undefined {
    let plain: Buffer;
    try {
      const decipher = createDecipheriv('aes-256-cbc', this.key, this.key.subarray(0, 16));
      decipher.setAutoPadding(false);
      plain = Buffer.concat([decipher.update(Buffer.from(encrypted, 'base64')), decipher.final()]);
    } catch {
      return undefined;
    }
    const pad = plain.at(-1) ?? 0;
    if (pad < 1 || pad > BLOCK || plain.length < 20 + pad) return undefined;
    const body = plain.subarray(0, plain.length - pad);
    const length = body.readUInt32BE(16);
    if (20 + length > body.length) return undefined;
    if (body.subarray(20 + length).toString() !== this.ownerKey) return undefined;
    return body.subarray(20, 20 + length).toString('utf8');
  }
}
