import { createHash } from 'node:crypto';
import type { ApiContext, ApiHandler } from './api-handler.model';
import type { SandboxDeliveryApi } from './sandbox-api.routes';
import { sandboxError } from './sandbox.error';
import { requireText, requireUnionId } from './sandbox-request.util';
import type { SandboxCaller } from './sandbox-token.store';
import type { SandboxWorld } from './world.store';
import type { SandboxConversationInit, SandboxDentry, SandboxSpace } from './world.model';

/** The group, if visible to the caller's corp and the operator is one of its members. */
function memberConversation(
  world: SandboxWorld,
  caller: SandboxCaller,
  openConversationId: string,
  operator: string,
): Readonly<SandboxConversationInit> {
  const conversation = world.conversation(openConversationId);
  // Another corp's group is reported as missing, as DingTalk does not reveal it.
  if (conversation?.corpId !== caller.corpId) {
    throw sandboxError('conversationNotExist', openConversationId);
  }
  if (!conversation.members.includes(operator)) {
    throw sandboxError('operatorNotMember', operator, openConversationId);
  }
  return conversation;
}

function readableSpace(
  world: SandboxWorld,
  caller: SandboxCaller,
  spaceId: string,
  reader: string,
  denied: 'operatorCannotReadSpace' | 'recipientCannotReadSpace',
): SandboxSpace {
  const space = world.space(spaceId);
  if (space?.corpId !== caller.corpId) throw sandboxError('spaceNotExist', spaceId);
  if (!world.canRead(reader, spaceId)) throw sandboxError(denied, reader, spaceId);
  return space;
}

/** Only NORMAL dentries can be sent; DELETED and EXPIRED ones answer dentryNotExist. */
function liveDentry(world: SandboxWorld, space: SandboxSpace, dentryId: string): SandboxDentry {
  const dentry = world.dentry(space.spaceId, dentryId);
  if (!dentry) throw sandboxError('dentryNotExist', dentryId, space.spaceId);
  if (dentry.status !== 'NORMAL') {
    throw sandboxError('dentryGone', dentryId, space.spaceId, dentry.status.toLowerCase());
  }
  return dentry;
}

/** The `file` object of the answers, fields in the documented order. */
function fileOf(dentry: SandboxDentry, conversationId: string, withUuid: boolean): object {
  return {
    id: dentry.id,
    conversationId,
    spaceId: dentry.spaceId,
    parentId: dentry.parentId,
    type: dentry.type,
    name: dentry.name,
    size: dentry.size,
    path: dentry.path,
    version: dentry.version,
    status: dentry.status,
    extension: dentry.extension,
    creatorId: dentry.creatorId,
    modifierId: dentry.modifierId,
    createTime: dentry.createTime,
    modifiedTime: dentry.modifiedTime,
    ...(withUuid ? { uuid: dentry.uuid } : {}),
  };
}

/** The app's single chat with a user, stable for a given (app, user) pair. */
function singleChatId(caller: SandboxCaller, unionId: string): string {
  const digest = createHash('sha256').update(`${caller.key}/${unionId}`).digest('base64url');
  return `cid${digest.slice(0, 24)}`;
}

/** SendLink and Send: the operator posts a file of a space into a group they belong to. */
function sendToConversation(api: SandboxDeliveryApi): ApiHandler {
  return (ctx: ApiContext) => {
    const caller = ctx.authorize();
    const operator = requireUnionId(ctx.query);
    const body = ctx.body();
    const spaceId = requireText(body, 'spaceId', 'spaceIdMissing');
    const dentryId = requireText(body, 'dentryId', 'dentryIdMissing');
    const openConversationId = requireText(body, 'openConversationId', 'conversationIdMissing');
    memberConversation(ctx.world, caller, openConversationId, operator);
    const space = readableSpace(ctx.world, caller, spaceId, operator, 'operatorCannotReadSpace');
    const dentry = liveDentry(ctx.world, space, dentryId);
    return {
      body: { file: fileOf(dentry, openConversationId, true) },
      delivery: {
        api,
        appKey: caller.key,
        corpId: caller.corpId,
        unionId: operator,
        openConversationId,
        spaceId,
        dentryId,
      },
    };
  };
}

/** `POST /v1.0/convFile/conversations/files/links/send` (seed 000). */
export const sendLink: ApiHandler = sendToConversation('SendLink');

/** `POST /v1.0/convFile/conversations/files/send`. */
export const send: ApiHandler = sendToConversation('Send');

/** `POST /v1.0/convFile/apps/conversations/files/send` (seed 001): the app sends a file to a user. */
export const sendByApp: ApiHandler = (ctx: ApiContext) => {
  const caller = ctx.authorize();
  const recipient = requireUnionId(ctx.query);
  const body = ctx.body();
  const spaceId = requireText(body, 'spaceId', 'spaceIdMissing');
  const dentryId = requireText(body, 'dentryId', 'dentryIdMissing');
  if (ctx.world.user(recipient)?.corpId !== caller.corpId) {
    throw sandboxError('recipientUnknown', recipient, caller.corpId);
  }
  const space = readableSpace(ctx.world, caller, spaceId, recipient, 'recipientCannotReadSpace');
  const dentry = liveDentry(ctx.world, space, dentryId);
  if (dentry.type === 'FOLDER') throw sandboxError('folderNotSendable', dentryId);
  return {
    body: { file: fileOf(dentry, singleChatId(caller, recipient), false) },
    delivery: {
      api: 'SendByApp',
      appKey: caller.key,
      corpId: caller.corpId,
      unionId: recipient,
      spaceId,
      dentryId,
    },
  };
};

/** `POST /v1.0/convFile/conversations/spaces/query`: the group's space, for one of its members. */
export const getSpace: ApiHandler = (ctx: ApiContext) => {
  const caller = ctx.authorize();
  const operator = requireUnionId(ctx.query);
  const openConversationId = requireText(ctx.body(), 'openConversationId', 'conversationIdMissing');
  const conversation = memberConversation(ctx.world, caller, openConversationId, operator);
  // A world only accepts a conversation whose space exists, and spaces are never removed.
  const space = ctx.world.space(conversation.spaceId) as SandboxSpace;
  const { spaceId, corpId, createTime, modifiedTime } = space;
  return { body: { space: { spaceId, corpId, createTime, modifiedTime } } };
};
