import type {
  SandboxAppInit,
  SandboxConversationInit,
  SandboxDentryInit,
  SandboxSpaceInit,
  SandboxSuiteCallback,
  SandboxSuiteInit,
  SandboxUserInit,
  SandboxWorldInit,
} from './world.model';
import { isDingTalkAesKey } from './dingtalk-callback.cipher';
import { SandboxMessages as M } from './sandbox.messages';
import { isRecord, isText } from './sandbox-text.util';

/** A world (file or object) that cannot be used; the message names the bad entry and field. */
export class SandboxWorldError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SandboxWorldError';
  }
}

type Raw = Record<string, unknown>;

const ISO_8601 =
  /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?(?:Z|[+-](\d{2}):?(\d{2}))$/;

/** The parent id of a space's top-level entries; no dentry may take it as its own id. */
export const ROOT_DENTRY_ID = '0';

/** Reports a problem with an entry, naming the entry. */
export function failEntry(label: string, problem: string): never {
  throw new SandboxWorldError(M.worldEntry(label, problem));
}

/** Labels an entry by position and, when readable, by its id so the message points at it. */
export function entryLabel(collection: string, index: number, raw: unknown, idKey: string): string {
  const id = isRecord(raw) ? raw[idKey] : undefined;
  return typeof id === 'string'
    ? M.worldIdLabel(collection, index, idKey, id)
    : M.worldIndexLabel(collection, index);
}

function asRecord(raw: unknown, label: string, allowed: readonly string[]): Raw {
  if (!isRecord(raw)) failEntry(label, M.worldNotAnObject);
  // Keys starting with "$" are comments in hand-edited world files.
  const unknown = Object.keys(raw).filter((key) => !key.startsWith('$') && !allowed.includes(key));
  if (unknown.length > 0) failEntry(label, M.worldUnknownFields(unknown));
  return raw;
}

function text(raw: Raw, key: string, label: string): string {
  const value = raw[key];
  if (!isText(value)) {
    failEntry(label, M.worldBlank(key));
  }
  return value;
}

function optionalText(raw: Raw, key: string, label: string): string | undefined {
  return raw[key] === undefined ? undefined : text(raw, key, label);
}

/** Like optionalText but allows "" (a folder's extension is empty). */
function optionalString(raw: Raw, key: string, label: string): string | undefined {
  const value = raw[key];
  if (value === undefined) return undefined;
  if (typeof value !== 'string') failEntry(label, M.worldNotString(key));
  return value;
}

function textList(raw: Raw, key: string, label: string, optional = false): string[] {
  const value = raw[key];
  if (value === undefined && optional) return [];
  if (!Array.isArray(value) || value.some((item) => !isText(item))) {
    failEntry(label, M.worldNotTextList(key));
  }
  return [...(value as string[])];
}

function optionalCount(raw: Raw, key: string, label: string): number | undefined {
  const value = raw[key];
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) {
    failEntry(label, M.worldNotCount(key));
  }
  return value;
}

function time(raw: Raw, key: string, label: string): string {
  const value = text(raw, key, label);
  if (!isRealTime(value)) failEntry(label, M.worldNotTime(key));
  return value;
}

/** An ISO 8601 date-time naming a real moment: Date.parse would roll 2023-02-29 over to March. */
function isRealTime(value: string): boolean {
  const parts = ISO_8601.exec(value);
  if (!parts) return false;
  // An absent second or offset (`Z`) reads as 0.
  const [year, month, day, hour, minute, second, offsetHour, offsetMinute] = parts
    .slice(1)
    .map((part: string | undefined) => Number(part ?? 0));
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day);
  // A day past the month's end (or day 0) rolls into another month, so the month alone tells.
  return (
    date.getUTCMonth() === month - 1 &&
    hour < 24 &&
    minute < 60 &&
    second < 60 &&
    offsetHour < 24 &&
    offsetMinute < 60
  );
}

function optionalTime(raw: Raw, key: string, label: string): string | undefined {
  return raw[key] === undefined ? undefined : time(raw, key, label);
}

function choice<T extends string>(
  raw: Raw,
  key: string,
  label: string,
  values: readonly T[],
): T | undefined {
  const value = raw[key];
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || !(values as readonly string[]).includes(value)) {
    failEntry(label, M.worldNotChoice(key, values));
  }
  return value as T;
}

function list(raw: Raw, key: string, label: string, optional: boolean): unknown[] {
  const value = raw[key];
  if (value === undefined && optional) return [];
  if (!Array.isArray(value)) failEntry(label, M.worldNotList(key));
  return value;
}

function withoutUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

/** Checks the shape of one app. */
export function parseApp(raw: unknown, label: string): SandboxAppInit {
  const r = asRecord(raw, label, ['appKey', 'appSecret', 'corpId', 'scopes', 'name']);
  return withoutUndefined({
    appKey: text(r, 'appKey', label),
    appSecret: text(r, 'appSecret', label),
    corpId: text(r, 'corpId', label),
    scopes: textList(r, 'scopes', label),
    name: optionalText(r, 'name', label),
  });
}

/** Checks the shape of one suite. */
export function parseSuite(raw: unknown, label: string): SandboxSuiteInit {
  const r = asRecord(raw, label, [
    'suiteKey',
    'suiteSecret',
    'suiteTicket',
    'authorizedCorpIds',
    'scopes',
    'name',
    'callback',
  ]);
  return withoutUndefined({
    suiteKey: text(r, 'suiteKey', label),
    suiteSecret: text(r, 'suiteSecret', label),
    suiteTicket: text(r, 'suiteTicket', label),
    authorizedCorpIds: textList(r, 'authorizedCorpIds', label),
    scopes: textList(r, 'scopes', label),
    name: optionalText(r, 'name', label),
    callback:
      r.callback === undefined
        ? undefined
        : parseCallback(r.callback, M.worldNestedLabel(label, 'callback')),
  });
}

/** Checks a suite's event push registration. */
function parseCallback(raw: unknown, label: string): SandboxSuiteCallback {
  const r = asRecord(raw, label, ['token', 'aesKey', 'url']);
  const token = text(r, 'token', label);
  if (!isDingTalkAesKey(r.aesKey)) failEntry(label, M.worldBadAesKey);
  return withoutUndefined({
    token,
    aesKey: r.aesKey,
    url: r.url === undefined ? undefined : httpUrl(r, 'url', label),
  });
}

/** An absolute `http:` or `https:` URL, where the sandbox can post. */
function httpUrl(raw: Raw, key: string, label: string): string {
  const value = text(raw, key, label);
  if (!isHttpUrl(value)) failEntry(label, M.worldNotHttpUrl(key));
  return value;
}

/** Whether `value` is an absolute `http:` or `https:` URL. */
export function isHttpUrl(value: string): boolean {
  try {
    const { protocol } = new URL(value);
    return protocol === 'http:' || protocol === 'https:';
  } catch {
    return false;
  }
}

/** Checks the shape of one user. */
export function parseUser(raw: unknown, label: string): SandboxUserInit {
  const r = asRecord(raw, label, ['unionId', 'corpId', 'name']);
  return withoutUndefined({
    unionId: text(r, 'unionId', label),
    corpId: text(r, 'corpId', label),
    name: optionalText(r, 'name', label),
  });
}

/** Checks the shape of one conversation. */
export function parseConversation(raw: unknown, label: string): SandboxConversationInit {
  const r = asRecord(raw, label, ['openConversationId', 'corpId', 'members', 'spaceId', 'title']);
  return withoutUndefined({
    openConversationId: text(r, 'openConversationId', label),
    corpId: text(r, 'corpId', label),
    members: textList(r, 'members', label),
    spaceId: text(r, 'spaceId', label),
    title: optionalText(r, 'title', label),
  });
}

/** Checks the shape of one dentry. */
export function parseDentry(raw: unknown, label: string): SandboxDentryInit {
  const r = asRecord(raw, label, [
    'id',
    'type',
    'name',
    'parentId',
    'path',
    'size',
    'extension',
    'version',
    'status',
    'creatorId',
    'modifierId',
    'createTime',
    'modifiedTime',
    'uuid',
  ]);
  const id = text(r, 'id', label);
  if (id === ROOT_DENTRY_ID) failEntry(label, M.worldRootDentryId(ROOT_DENTRY_ID));
  const type = choice(r, 'type', label, ['FILE', 'FOLDER'] as const);
  if (type === undefined) failEntry(label, M.worldNotChoice('type', ['FILE', 'FOLDER']));
  return withoutUndefined({
    id,
    type,
    name: text(r, 'name', label),
    parentId: optionalText(r, 'parentId', label),
    path: optionalText(r, 'path', label),
    size: optionalCount(r, 'size', label),
    extension: optionalString(r, 'extension', label),
    version: optionalCount(r, 'version', label),
    status: choice(r, 'status', label, ['NORMAL', 'DELETED', 'EXPIRED'] as const),
    creatorId: text(r, 'creatorId', label),
    modifierId: optionalText(r, 'modifierId', label),
    createTime: time(r, 'createTime', label),
    modifiedTime: optionalTime(r, 'modifiedTime', label),
    uuid: optionalText(r, 'uuid', label),
  });
}

/** Checks the shape of one space and its dentries. */
export function parseSpace(raw: unknown, label: string): SandboxSpaceInit {
  const r = asRecord(raw, label, [
    'spaceId',
    'corpId',
    'createTime',
    'modifiedTime',
    'readers',
    'dentries',
  ]);
  return withoutUndefined({
    spaceId: text(r, 'spaceId', label),
    corpId: text(r, 'corpId', label),
    createTime: time(r, 'createTime', label),
    modifiedTime: optionalTime(r, 'modifiedTime', label),
    readers: textList(r, 'readers', label, true),
    dentries: list(r, 'dentries', label, true).map((dentry, index) =>
      parseDentry(dentry, M.worldNestedLabel(label, entryLabel('dentries', index, dentry, 'id'))),
    ),
  });
}

/** Checks the shape of a whole world; references between entries are checked by SandboxWorld. */
export function parseWorldInit(raw: unknown): SandboxWorldInit {
  const r = asRecord(raw, 'world', ['apps', 'suites', 'users', 'spaces', 'conversations']);
  const each = <T>(
    key: string,
    idKey: string,
    optional: boolean,
    parse: (item: unknown, label: string) => T,
  ): T[] =>
    list(r, key, 'world', optional).map((item, index) =>
      parse(item, entryLabel(key, index, item, idKey)),
    );
  return {
    apps: each('apps', 'appKey', false, parseApp),
    suites: each('suites', 'suiteKey', true, parseSuite),
    users: each('users', 'unionId', false, parseUser),
    spaces: each('spaces', 'spaceId', true, parseSpace),
    conversations: each('conversations', 'openConversationId', true, parseConversation),
  };
}
