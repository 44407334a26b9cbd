/**
 * Inputs of {@link ConvFileService}'s methods: DingTalk's query parameter (`unionId`) and body
 * fields in one flat object. Plain types: every input is checked by the library's own validation
 * at run time, whatever its type says.
 */

/** A file (dentry) in a DingTalk space. */
export interface DentryRef {
  /** The space holding the file. */
  spaceId: string;
  /** The file's id (a dentry id). */
  dentryId: string;
}

/** Input of {@link ConvFileService.sendLink}: the user `unionId` sends a file link to a chat. */
export interface SendLinkInput extends DentryRef {
  /** The operator's unionId. */
  unionId: string;
  /** The target chat. */
  openConversationId: string;
}

/** Input of {@link ConvFileService.sendByApp}: the app sends a file to the user `unionId`. */
export interface SendByAppInput extends DentryRef {
  /** The recipient's unionId. */
  unionId: string;
}

/** Input of {@link ConvFileService.send}: the user `unionId` sends a file to a chat. */
export interface SendInput extends DentryRef {
  /** The operator's unionId. */
  unionId: string;
  /** The target chat. */
  openConversationId: string;
}

/** Input of {@link ConvFileService.getSpace}: the storage space of a chat `unionId` belongs to. */
export interface GetSpaceInput {
  /** The operator's unionId. */
  unionId: string;
  /** The chat whose space is wanted. */
  openConversationId: string;
}
