/** A file or folder in a DingTalk space, as convFile APIs return it. */
export interface ConvFileInfo {
  id: string;
  /** openConversationId of the chat the file was sent to. */
  conversationId: string;
  spaceId: string;
  /** `"0"` at the space's root. */
  parentId: string;
  type: 'FILE' | 'FOLDER' | (string & {});
  name: string;
  /** Bytes. */
  size: number;
  path: string;
  version: number;
  status: 'NORMAL' | 'DELETED' | 'EXPIRED' | (string & {});
  extension: string;
  creatorId: string;
  modifierId: string;
  /** ISO 8601. */
  createTime: string;
  /** ISO 8601. */
  modifiedTime: string;
  /** Not returned by SendByApp. */
  uuid?: string;
  /** Fields DingTalk adds later are passed through. */
  [field: string]: unknown;
}

/** A group chat's storage space. */
export interface ConvSpaceInfo {
  spaceId: string;
  corpId: string;
  createTime: string;
  modifiedTime: string;
  [field: string]: unknown;
}

/** Answer of SendLink, SendByApp and Send. */
export interface ConvFileResponse {
  file: ConvFileInfo;
  [field: string]: unknown;
}

/** Answer of GetSpace. */
export interface ConvSpaceResponse {
  space: ConvSpaceInfo;
  [field: string]: unknown;
}
