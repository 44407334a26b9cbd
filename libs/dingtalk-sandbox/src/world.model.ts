/** A dentry's kind. */
export type SandboxDentryType = 'FILE' | 'FOLDER';

/** A dentry's life-cycle state; only NORMAL dentries can be sent. */
export type SandboxDentryStatus = 'NORMAL' | 'DELETED' | 'EXPIRED';

/** An internal (enterprise) app that gets tokens from `/v1.0/oauth2/accessToken`. */
export interface SandboxAppInit {
  /** The app's AppKey (DingTalk also calls it clientId). */
  appKey: string;
  /** The app's AppSecret (clientSecret). */
  appSecret: string;
  /** The organization that owns the app; the app only sees that corp's users, groups and spaces. */
  corpId: string;
  /** Granted scopes, e.g. `ConvFile.File.Send`, `ConvFile.Space.Read`. */
  scopes: string[];
  /** A label for people reading the world file. */
  name?: string;
}

/**
 * A suite's HTTP event push registration: where DingTalk posts its events (`suite_ticket`,
 * `check_url`) and the secrets it signs and encrypts them with.
 */
export interface SandboxSuiteCallback {
  /** The callback token, part of every push's and answer's signature. */
  token: string;
  /** The 43-character aesKey DingTalk shows (base64 of the AES-256 key without its `=`). */
  aesKey: string;
  /**
   * The app's callback URL (`http:` or `https:`). With it the sandbox pushes the suite ticket at
   * start, and pushes go there unless a push names another URL. @default no push at start
   */
  url?: string;
}

/** A third-party app suite that gets per-corp tokens from `/v1.0/oauth2/corpAccessToken`. */
export interface SandboxSuiteInit {
  suiteKey: string;
  suiteSecret: string;
  /**
   * The ticket DingTalk last pushed; only this value is accepted (rotate with
   * `sandbox.pushSuiteTicket` or `world.setSuiteTicket`).
   */
  suiteTicket: string;
  /** Corps that authorized (installed) the suite; see `sandbox.revokeAuthorization`. */
  authorizedCorpIds: string[];
  /** Scopes granted to the suite in every authorized corp. */
  scopes: string[];
  name?: string;
  /** The suite's event push registration. @default none: the suite's tickets cannot be pushed */
  callback?: SandboxSuiteCallback;
}

/** A DingTalk user, known by unionId, belonging to one corp. */
export interface SandboxUserInit {
  unionId: string;
  corpId: string;
  name?: string;
}

/** A group conversation with its members and its file space. */
export interface SandboxConversationInit {
  openConversationId: string;
  corpId: string;
  /** unionIds of the members; members may read the group's space. */
  members: string[];
  /** The group's space (returned by GetSpace); must be a space of the same corp. */
  spaceId: string;
  title?: string;
}

/** A file or folder in a space. Optional fields get the defaults noted on each. */
export interface SandboxDentryInit {
  id: string;
  type: SandboxDentryType;
  name: string;
  /** Parent folder id, "0" for the root; the parent must be listed before the child. @default "0" */
  parentId?: string;
  /** @default the parent's path + "/" + name */
  path?: string;
  /** Size in bytes. @default 0 */
  size?: number;
  /** @default the part of a FILE's name after the last dot, "" for folders */
  extension?: string;
  /** @default 1 */
  version?: number;
  /** @default "NORMAL" */
  status?: SandboxDentryStatus;
  creatorId: string;
  /** @default creatorId */
  modifierId?: string;
  /** ISO 8601. */
  createTime: string;
  /** ISO 8601. @default createTime */
  modifiedTime?: string;
  /** @default a UUID derived from spaceId and id, so answers are stable between runs */
  uuid?: string;
}

/** A storage space holding dentries. */
export interface SandboxSpaceInit {
  spaceId: string;
  corpId: string;
  /** ISO 8601. */
  createTime: string;
  /** ISO 8601. @default createTime */
  modifiedTime?: string;
  /**
   * unionIds allowed to read the space besides the members of every conversation whose
   * `spaceId` is this space. @default []
   */
  readers?: string[];
  /** @default [] */
  dentries?: SandboxDentryInit[];
}

/** The whole world, as a plain object or as the JSON file `world/default-world.json`. */
export interface SandboxWorldInit {
  apps: SandboxAppInit[];
  /** @default [] */
  suites?: SandboxSuiteInit[];
  users: SandboxUserInit[];
  /** @default [] */
  spaces?: SandboxSpaceInit[];
  /** @default [] */
  conversations?: SandboxConversationInit[];
}

/** A dentry as stored, every default applied. */
export type SandboxDentry = Readonly<Required<SandboxDentryInit>> & { readonly spaceId: string };

/** A space as stored (its dentries are kept apart, by id). */
export interface SandboxSpace {
  readonly spaceId: string;
  readonly corpId: string;
  readonly createTime: string;
  readonly modifiedTime: string;
  readonly readers: readonly string[];
}
