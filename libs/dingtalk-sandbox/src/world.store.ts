import { createHash } from 'node:crypto';
import type {
  SandboxAppInit,
  SandboxConversationInit,
  SandboxDentry,
  SandboxDentryInit,
  SandboxSpace,
  SandboxSpaceInit,
  SandboxSuiteInit,
  SandboxUserInit,
  SandboxWorldInit,
} from './world.model';
import { SandboxMessages as M } from './sandbox.messages';
import {
  entryLabel,
  failEntry,
  parseApp,
  parseConversation,
  parseDentry,
  parseSpace,
  parseSuite,
  parseUser,
  parseWorldInit,
  ROOT_DENTRY_ID,
} from './world.validator';
import { isText } from './sandbox-text.util';

/** The sandbox's live data: apps, suites, users, groups, spaces and their dentries. */
export class SandboxWorld {
  private readonly apps = new Map<string, SandboxAppInit>();
  private readonly suites = new Map<string, SandboxSuiteInit>();
  private readonly users = new Map<string, SandboxUserInit>();
  private readonly conversations = new Map<string, SandboxConversationInit>();
  private readonly spaces = new Map<string, SandboxSpace>();
  private readonly dentries = new Map<string, Map<string, SandboxDentry>>();
  /**
   * The current grant of each (suite, corp) authorization, by suiteKey then corpId. A corp that
   * authorizes again gets a new grant, so corp tokens issued before a revocation stay refused.
   */
  private readonly grants = new Map<string, Map<string, number>>();
  private lastGrant = 0;

  /**
   * Builds a world, checking every entry and every reference between entries.
   * @throws SandboxWorldError naming the bad entry.
   */
  constructor(init: SandboxWorldInit = { apps: [], users: [] }) {
    const world = parseWorldInit(init);
    world.users.forEach((user, i) =>
      this.insertUser(user, entryLabel('users', i, user, 'unionId')),
    );
    world.apps.forEach((app, i) => this.insertApp(app, entryLabel('apps', i, app, 'appKey')));
    world.suites?.forEach((suite, i) =>
      this.insertSuite(suite, entryLabel('suites', i, suite, 'suiteKey')),
    );
    world.spaces?.forEach((space, i) =>
      this.insertSpace(space, entryLabel('spaces', i, space, 'spaceId')),
    );
    world.conversations?.forEach((conversation, i) =>
      this.insertConversation(
        conversation,
        entryLabel('conversations', i, conversation, 'openConversationId'),
      ),
    );
  }

  /** Adds an internal app. @throws SandboxWorldError on a bad or duplicate entry. */
  addApp(app: SandboxAppInit): this {
    const label = callLabel('addApp', app, 'appKey');
    this.insertApp(parseApp(app, label), label);
    return this;
  }

  /** Adds a third-party suite. @throws SandboxWorldError on a bad or duplicate entry. */
  addSuite(suite: SandboxSuiteInit): this {
    const label = callLabel('addSuite', suite, 'suiteKey');
    this.insertSuite(parseSuite(suite, label), label);
    return this;
  }

  /** Adds a user. @throws SandboxWorldError on a bad or duplicate entry. */
  addUser(user: SandboxUserInit): this {
    const label = callLabel('addUser', user, 'unionId');
    this.insertUser(parseUser(user, label), label);
    return this;
  }

  /** Adds a space with its dentries. @throws SandboxWorldError on a bad or duplicate entry. */
  addSpace(space: SandboxSpaceInit): this {
    const label = callLabel('addSpace', space, 'spaceId');
    this.insertSpace(parseSpace(space, label), label);
    return this;
  }

  /** Adds a file or folder to an existing space. @throws SandboxWorldError on a bad entry. */
  addDentry(spaceId: string, dentry: SandboxDentryInit): this {
    const label = callLabel('addDentry', dentry, 'id', spaceId);
    const siblings = this.dentries.get(spaceId);
    if (!siblings) failEntry(label, M.worldNoSuchSpace(spaceId));
    this.insertDentry(siblings, spaceId, parseDentry(dentry, label), label);
    return this;
  }

  /**
   * Adds a group conversation; its members must be users and its space must exist in the same corp.
   * @throws SandboxWorldError on a bad or duplicate entry.
   */
  addConversation(conversation: SandboxConversationInit): this {
    const label = callLabel('addConversation', conversation, 'openConversationId');
    this.insertConversation(parseConversation(conversation, label), label);
    return this;
  }

  /** Rotates a suite's ticket, as DingTalk's push does; the old ticket stops working. */
  setSuiteTicket(suiteKey: string, suiteTicket: string): this {
    const suite = this.suites.get(suiteKey);
    const label = M.worldCallLabel('setSuiteTicket', [String(suiteKey)]);
    if (!suite) failEntry(label, M.worldNoSuchSuite);
    if (!isText(suiteTicket)) {
      failEntry(label, M.worldBlank('suiteTicket'));
    }
    this.suites.set(suiteKey, { ...suite, suiteTicket });
    return this;
  }

  /**
   * Withdraws a corp's authorization of a suite, as when the corp uninstalls it: corpAccessToken
   * for the corp answers `invalidAuthInfo`, and corp tokens already issued to the suite for it are
   * refused. Nothing happens if the corp had not authorized the suite.
   * @throws SandboxWorldError for an unknown suite or a blank corpId.
   */
  revokeAuthorization(suiteKey: string, corpId: string): this {
    const suite = this.authorizable('revokeAuthorization', suiteKey, corpId);
    this.grants.get(suiteKey)?.delete(corpId);
    const authorizedCorpIds = suite.authorizedCorpIds.filter((id) => id !== corpId);
    this.suites.set(suiteKey, { ...suite, authorizedCorpIds });
    return this;
  }

  /**
   * Authorizes a suite in a corp (again): corpAccessToken for the corp works once more, with new
   * tokens; tokens issued before a revocation stay refused. Nothing happens if already authorized.
   * @throws SandboxWorldError for an unknown suite or a blank corpId.
   */
  restoreAuthorization(suiteKey: string, corpId: string): this {
    const suite = this.authorizable('restoreAuthorization', suiteKey, corpId);
    if (suite.authorizedCorpIds.includes(corpId)) return this;
    this.grant(suiteKey, corpId);
    const authorizedCorpIds = [...suite.authorizedCorpIds, corpId];
    this.suites.set(suiteKey, { ...suite, authorizedCorpIds });
    return this;
  }

  /**
   * The grant under which a corp authorizes a suite now, or undefined when it does not. A corp
   * token is valid only while the grant it was issued under is the current one.
   */
  authorizationGrant(suiteKey: string, corpId: string): number | undefined {
    return this.grants.get(suiteKey)?.get(corpId);
  }

  /** The app with this appKey, if any. */
  app(appKey: string): Readonly<SandboxAppInit> | undefined {
    return this.apps.get(appKey);
  }

  /** The suite with this suiteKey, if any. */
  suite(suiteKey: string): Readonly<SandboxSuiteInit> | undefined {
    return this.suites.get(suiteKey);
  }

  /** The user with this unionId, if any. */
  user(unionId: string): Readonly<SandboxUserInit> | undefined {
    return this.users.get(unionId);
  }

  /** The conversation with this openConversationId, if any. */
  conversation(openConversationId: string): Readonly<SandboxConversationInit> | undefined {
    return this.conversations.get(openConversationId);
  }

  /** The space with this id, if any. */
  space(spaceId: string): SandboxSpace | undefined {
    return this.spaces.get(spaceId);
  }

  /** The dentry `dentryId` of space `spaceId`, whatever its status. */
  dentry(spaceId: string, dentryId: string): SandboxDentry | undefined {
    return this.dentries.get(spaceId)?.get(dentryId);
  }

  /** Whether a user may read a space: listed as a reader, or a member of a group using the space. */
  canRead(unionId: string, spaceId: string): boolean {
    const space = this.spaces.get(spaceId);
    if (!space) return false;
    if (space.readers.includes(unionId)) return true;
    return [...this.conversations.values()].some(
      (conversation) => conversation.spaceId === spaceId && conversation.members.includes(unionId),
    );
  }

  /** The world as a plain object with every default applied (what GET /__sandbox/world returns). */
  toJSON(): Required<SandboxWorldInit> {
    return {
      apps: [...this.apps.values()].map((app) => ({ ...app, scopes: [...app.scopes] })),
      suites: [...this.suites.values()].map((suite) => ({
        ...suite,
        authorizedCorpIds: [...suite.authorizedCorpIds],
        scopes: [...suite.scopes],
        ...(suite.callback ? { callback: { ...suite.callback } } : {}),
      })),
      users: [...this.users.values()].map((user) => ({ ...user })),
      spaces: [...this.spaces.values()].map((space) => ({
        ...space,
        readers: [...space.readers],
        dentries: [...(this.dentries.get(space.spaceId)?.values() ?? [])].map(
          ({ spaceId: _spaceId, ...dentry }) => dentry,
        ),
      })),
      conversations: [...this.conversations.values()].map((conversation) => ({
        ...conversation,
        members: [...conversation.members],
      })),
    };
  }

  private insertApp(app: SandboxAppInit, label: string): void {
    if (this.apps.has(app.appKey)) failEntry(label, M.worldDuplicate('appKey', app.appKey));
    this.apps.set(app.appKey, app);
  }

  private insertSuite(suite: SandboxSuiteInit, label: string): void {
    if (this.suites.has(suite.suiteKey)) {
      failEntry(label, M.worldDuplicate('suiteKey', suite.suiteKey));
    }
    this.suites.set(suite.suiteKey, suite);
    suite.authorizedCorpIds.forEach((corpId) => this.grant(suite.suiteKey, corpId));
  }

  private grant(suiteKey: string, corpId: string): void {
    const grants = this.grants.get(suiteKey) ?? new Map<string, number>();
    // Stryker disable next-line AssignmentOperator: grants are compared for equality only.
    this.lastGrant += 1;
    grants.set(corpId, this.lastGrant);
    this.grants.set(suiteKey, grants);
  }

  /** The suite whose authorization a call changes; JavaScript callers may pass anything. */
  private authorizable(method: string, suiteKey: string, corpId: string): SandboxSuiteInit {
    const label = M.worldCallLabel(method, [String(suiteKey), String(corpId)]);
    const suite = this.suites.get(suiteKey);
    if (!suite) failEntry(label, M.worldNoSuchSuite);
    if (!isText(corpId)) {
      failEntry(label, M.worldBlank('corpId'));
    }
    return suite;
  }

  private insertUser(user: SandboxUserInit, label: string): void {
    if (this.users.has(user.unionId)) failEntry(label, M.worldDuplicate('unionId', user.unionId));
    this.users.set(user.unionId, user);
  }

  private insertSpace(space: SandboxSpaceInit, label: string): void {
    if (this.spaces.has(space.spaceId)) {
      failEntry(label, M.worldDuplicate('spaceId', space.spaceId));
    }
    // Stryker disable next-line ArrayDeclaration: parseSpace already defaults readers to [].
    const readers = space.readers ?? [];
    this.requireUsers(readers, 'reader', space.corpId, label);
    // The dentries are checked before anything is stored: a refused space leaves nothing behind.
    const siblings = new Map<string, SandboxDentry>();
    space.dentries?.forEach((dentry, i) =>
      this.insertDentry(
        siblings,
        space.spaceId,
        dentry,
        M.worldNestedLabel(label, entryLabel('dentries', i, dentry, 'id')),
      ),
    );
    this.spaces.set(space.spaceId, {
      spaceId: space.spaceId,
      corpId: space.corpId,
      createTime: space.createTime,
      modifiedTime: space.modifiedTime ?? space.createTime,
      readers,
    });
    this.dentries.set(space.spaceId, siblings);
  }

  private insertDentry(
    siblings: Map<string, SandboxDentry>,
    spaceId: string,
    dentry: SandboxDentryInit,
    label: string,
  ): void {
    if (siblings.has(dentry.id)) failEntry(label, M.worldDuplicate('dentry id', dentry.id));
    const parentId = dentry.parentId ?? ROOT_DENTRY_ID;
    const parent = siblings.get(parentId);
    if (parentId !== ROOT_DENTRY_ID && parent?.type !== 'FOLDER') {
      failEntry(label, M.worldParentNotFolder(parentId));
    }
    siblings.set(dentry.id, {
      spaceId,
      id: dentry.id,
      type: dentry.type,
      name: dentry.name,
      parentId,
      path: dentry.path ?? `${parent?.path ?? ''}/${dentry.name}`,
      size: dentry.size ?? 0,
      extension: dentry.extension ?? extensionOf(dentry),
      version: dentry.version ?? 1,
      status: dentry.status ?? 'NORMAL',
      creatorId: dentry.creatorId,
      modifierId: dentry.modifierId ?? dentry.creatorId,
      createTime: dentry.createTime,
      modifiedTime: dentry.modifiedTime ?? dentry.createTime,
      uuid: dentry.uuid ?? stableUuid(`${spaceId}/${dentry.id}`),
    });
  }

  private insertConversation(conversation: SandboxConversationInit, label: string): void {
    const id = conversation.openConversationId;
    if (this.conversations.has(id)) failEntry(label, M.worldDuplicate('openConversationId', id));
    this.requireUsers(conversation.members, 'member', conversation.corpId, label);
    const space = this.spaces.get(conversation.spaceId);
    if (!space) failEntry(label, M.worldSpaceMissing(conversation.spaceId));
    if (space.corpId !== conversation.corpId) {
      failEntry(label, M.worldSpaceOfOtherCorp(space.spaceId, space.corpId, conversation.corpId));
    }
    this.conversations.set(id, conversation);
  }

  /** Group members and space readers must be users of the entry's own corp. */
  private requireUsers(
    unionIds: readonly string[],
    role: string,
    corpId: string,
    label: string,
  ): void {
    for (const unionId of unionIds) {
      const user = this.users.get(unionId);
      if (!user) failEntry(label, M.worldNotAUser(role, unionId));
      if (user.corpId !== corpId) {
        failEntry(label, M.worldUserOfOtherCorp(role, unionId, user.corpId, corpId));
      }
    }
  }
}

/** Names the call and entry in errors, e.g. `addDentry("sp", "f")`; JavaScript callers may pass anything. */
function callLabel(method: string, entry: unknown, idKey: string, ...leading: string[]): string {
  // A number or string entry has no such key either: only null and undefined cannot be read.
  const id = (entry as Record<string, unknown> | null | undefined)?.[idKey];
  return M.worldCallLabel(method, [...leading, String(id)]);
}

function extensionOf(dentry: SandboxDentryInit): string {
  const dot = dentry.name.lastIndexOf('.');
  return dentry.type === 'FILE' && dot > 0 ? dentry.name.slice(dot + 1) : '';
}

/** A UUID-shaped id derived from a seed, so default answers are identical on every run. */
function stableUuid(seed: string): string {
  const hex = createHash('sha256').update(seed).digest('hex');
  return [
    hex.slice(0, 8),
    hex.slice(8, 12),
    hex.slice(12, 16),
    hex.slice(16, 20),
    hex.slice(20, 32),
  ].join('-');
}
