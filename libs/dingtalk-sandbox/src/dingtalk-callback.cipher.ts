import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import { SandboxMessages as M } from './sandbox.messages';

/*
 * DingTalk's callback crypto, as its Java reference implements it: the HTTP event push and the
 * app's answer carry `encrypt`, the base64 of AES-256-CBC over
 * `16 random bytes + 4-byte big-endian length + message (UTF-8) + owner key`, PKCS#7-padded to
 * 32-byte blocks, and a SHA-1 signature over the sorted token, timestamp, nonce and encrypt.
 */

/** DingTalk pads to 32-byte blocks (PKCS#7 with a 32-byte block), not AES's 16. */
const PAD_BLOCK = 32;
const RANDOM_BYTES = 16;
const LENGTH_BYTES = 4;
const AES_BLOCK = 16;
/** The 43 characters DingTalk shows as the callback's aesKey: base64 without its trailing `=`. */
const AES_KEY = /^[A-Za-z0-9+/]{43}$/;

/** A callback message that cannot be encrypted or decrypted, or an aesKey that is not one. */
export class DingTalkCallbackCryptoError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DingTalkCallbackCryptoError';
  }
}

/** A decrypted callback message and the owner key it was sealed with. */
export interface DingTalkDecryptedEvent {
  /** The plain text, e.g. an event's JSON or the app's `success`. */
  message: string;
  /** The suiteKey for third-party apps (the corpId or appKey for internal ones). */
  ownerKey: string;
}

/** Whether `aesKey` has the callback aesKey's shape: 43 characters of the base64 alphabet. */
export function isDingTalkAesKey(aesKey: unknown): aesKey is string {
  return typeof aesKey === 'string' && AES_KEY.test(aesKey);
}

function keyOf(aesKey: string): Buffer {
  if (!isDingTalkAesKey(aesKey)) throw new DingTalkCallbackCryptoError(M.cryptoBadAesKey);
  return Buffer.from(`${aesKey}=`, 'base64');
}

/**
 * The callback signature: SHA-1 hex of token, timestamp, nonce and encrypt, sorted and
 * concatenated. DingTalk sends it as the push's `signature` query parameter and expects it as the
 * answer's `msg_signature`.
 */
export function signDingTalkEvent(
  token: string,
  timestamp: string,
  nonce: string,
  encrypt: string,
): string {
  // Plain code-unit order, the order of Java's String.compareTo that DingTalk's reference uses.
  const sorted = [token, timestamp, nonce, encrypt].sort();
  return createHash('sha1').update(sorted.join(''), 'utf8').digest('hex');
}

/**
 * Encrypts a callback message for `ownerKey` (the suiteKey for a third-party app) with the
 * callback's 43-character `aesKey`. The message's UTF-8 bytes are encrypted as they are (no URI
 * encoding, unlike npm `dingtalk-encrypt`).
 * @param random the 16 leading random bytes; fresh ones by default (give them only to reproduce a
 * known ciphertext).
 * @throws DingTalkCallbackCryptoError for a malformed aesKey or `random` that is not 16 bytes.
 */
export function encryptDingTalkEvent(
  aesKey: string,
  message: string,
  ownerKey: string,
  random: Buffer = randomBytes(RANDOM_BYTES),
): string {
  const key = keyOf(aesKey);
  if (random.length !== RANDOM_BYTES) throw new DingTalkCallbackCryptoError(M.cryptoBadRandom);
  const text = Buffer.from(message, 'utf8');
  const length = Buffer.alloc(LENGTH_BYTES);
  length.writeUInt32BE(text.length);
  const plain = Buffer.concat([random, length, text, Buffer.from(ownerKey, 'utf8')]);
  // A full block of padding when already aligned, so the last byte always says how much to drop.
  const padding = PAD_BLOCK - (plain.length % PAD_BLOCK);
  const cipher = createCipheriv('aes-256-cbc', key, key.subarray(0, AES_BLOCK));
  // Node's own padding is PKCS#7 to 16 bytes; DingTalk's is to 32.
  cipher.setAutoPadding(false);
  return Buffer.concat([
    cipher.update(Buffer.concat([plain, Buffer.alloc(padding, padding)])),
    cipher.final(),
  ]).toString('base64');
}

/**
 * Decrypts a callback's `encrypt`, checking its padding and length prefix and, when
 * `expectedOwnerKey` is given, its owner key.
 * @throws DingTalkCallbackCryptoError naming what is wrong (never the key or the text).
 */
export function decryptDingTalkEvent(
  aesKey: string,
  encrypt: string,
  expectedOwnerKey?: string,
): DingTalkDecryptedEvent {
  const key = keyOf(aesKey);
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(encrypt)) {
    throw new DingTalkCallbackCryptoError(M.cryptoNotBase64);
  }
  const sealed = Buffer.from(encrypt, 'base64');
  if (sealed.length === 0 || sealed.length % PAD_BLOCK !== 0) {
    throw new DingTalkCallbackCryptoError(M.cryptoBadLength);
  }
  const decipher = createDecipheriv('aes-256-cbc', key, key.subarray(0, AES_BLOCK));
  decipher.setAutoPadding(false);
  const padded = Buffer.concat([decipher.update(sealed), decipher.final()]);
  const plain = padded.subarray(0, padded.length - paddingOf(padded));
  if (plain.length < RANDOM_BYTES + LENGTH_BYTES) {
    throw new DingTalkCallbackCryptoError(M.cryptoBadLength);
  }
  const length = plain.readUInt32BE(RANDOM_BYTES);
  const start = RANDOM_BYTES + LENGTH_BYTES;
  if (length > plain.length - start) throw new DingTalkCallbackCryptoError(M.cryptoBadLength);
  const message = utf8(plain.subarray(start, start + length));
  const ownerKey = utf8(plain.subarray(start + length));
  if (expectedOwnerKey !== undefined && ownerKey !== expectedOwnerKey) {
    throw new DingTalkCallbackCryptoError(M.cryptoOwnerKey);
  }
  return { message, ownerKey };
}

/** The PKCS#7 padding length of a decrypted block run; a wrong key shows up here first. */
function paddingOf(padded: Buffer): number {
  const padding = padded[padded.length - 1];
  const valid =
    padding >= 1 &&
    padding <= PAD_BLOCK &&
    padded.subarray(padded.length - padding).every((byte) => byte === padding);
  if (!valid) throw new DingTalkCallbackCryptoError(M.cryptoBadPadding);
  return padding;
}

function utf8(bytes: Buffer): string {
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    throw new DingTalkCallbackCryptoError(M.cryptoNotUtf8);
  }
}
