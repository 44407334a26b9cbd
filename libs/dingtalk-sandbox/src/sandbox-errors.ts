/**
 * Every error the sandbox answers with, in one table. `code` and `message` may hold `{0}`, `{1}`
 * placeholders filled from the arguments given to {@link sandboxError}.
 * Statuses and codes follow the seed API pages and DingTalk's global error codes.
 */
export const SANDBOX_ERRORS = {
  routeNotFound: {
    status: 404,
    code: 'InvalidAction.NotFound',
    message: 'Specified api is not found, please check your url and method.',
  },
  missingAccessToken: {
    status: 400,
    code: 'AuthenticationFailed.MissingParameter',
    message: 'x-acs-dingtalk-access-token is mandatory for this action.',
  },
  invalidAccessToken: {
    status: 400,
    code: 'InvalidAuthentication',
    message: 'The access token is invalid or has expired.',
  },
  scopeMissing: {
    status: 403,
    code: 'Forbidden.AccessDenied.AccessTokenPermissionDenied',
    message: 'The app is not granted the scope {0} required by this API.',
  },
  appQpsExceeded: {
    status: 403,
    code: 'Forbidden.AccessDenied.QpsLimitForAppkeyAndApi',
    message: 'Calls by app {0} to {1} exceeded {2} per window; retry in about 1 second.',
  },
  suiteQpsExceeded: {
    status: 403,
    code: 'Forbidden.AccessDenied.QpsLimitForSuitekeyAndOrgAndApi',
    message: 'Calls by suite {0} to {1} exceeded {2} per window; retry in about 1 second.',
  },
  // DingTalk's gateway names the missing field in the code itself, e.g. "MissingappKey".
  tokenFieldMissing: {
    status: 400,
    code: 'Missing{0}',
    message: '{0} is mandatory for this action.',
  },
  invalidClientIdOrSecret: {
    status: 400,
    code: 'invalidClientIdOrSecret',
    message: 'Invalid clientId (appKey) or clientSecret (appSecret).',
  },
  invalidSuiteKey: {
    status: 400,
    code: 'invalidSuiteKey',
    message: 'Invalid suiteKey or suiteSecret.',
  },
  invalidSuiteTicket: {
    status: 400,
    code: 'invalidSuiteTicket',
    message: 'The suiteTicket is not the current ticket of suite {0}.',
  },
  invalidAuthInfo: {
    status: 400,
    code: 'invalidAuthInfo',
    message: 'Corp {0} has not authorized suite {1}.',
  },
  malformedBody: {
    status: 400,
    code: 'paramError',
    message: 'The request body must be a JSON object.',
  },
  bodyTooLarge: {
    status: 400,
    code: 'paramError',
    message: 'The request body is larger than {0} bytes.',
  },
  paramMissing: {
    status: 400,
    code: 'paramError',
    message: '{0} is required and must be a non-blank string.',
  },
  spaceIdMissing: {
    status: 400,
    code: 'paramError.spaceId',
    message: 'spaceId is required and must be a non-blank string.',
  },
  dentryIdMissing: {
    status: 400,
    code: 'paramError.dentryId',
    message: 'dentryId is required and must be a non-blank string.',
  },
  conversationIdMissing: {
    status: 400,
    code: 'paramError.conversationId',
    message: 'openConversationId is required and must be a non-blank string.',
  },
  folderNotSendable: {
    status: 400,
    code: 'paramError.dentryId',
    message: 'Dentry {0} is a folder; only files can be sent by SendByApp.',
  },
  recipientUnknown: {
    status: 400,
    code: 'paramError',
    message: 'unionId {0} is not a user of organization {1}.',
  },
  operatorNotMember: {
    status: 403,
    code: 'permissionDenied',
    message: 'User {0} is not a member of conversation {1}.',
  },
  operatorCannotReadSpace: {
    status: 403,
    code: 'permissionDenied',
    message: 'User {0} has no permission to read space {1}.',
  },
  recipientCannotReadSpace: {
    status: 400,
    code: 'permissionDenied',
    message: 'User {0} has no permission to read space {1}.',
  },
  conversationNotExist: {
    status: 404,
    code: 'conversationNotExist',
    message: 'Conversation {0} does not exist.',
  },
  spaceNotExist: {
    status: 404,
    code: 'spaceNotExist',
    message: 'Space {0} does not exist.',
  },
  dentryNotExist: {
    status: 404,
    code: 'dentryNotExist',
    message: 'Dentry {0} does not exist in space {1}.',
  },
  dentryGone: {
    status: 404,
    code: 'dentryNotExist',
    message: 'Dentry {0} in space {1} is {2}.',
  },
  unknownError: {
    status: 500,
    code: 'unknownError',
    message: 'Unknown Error',
  },
  // Status and code come from the fault; only the message is used.
  injectedFault: {
    status: 500,
    code: '{0}',
    message: 'Sandbox injected fault {0}.',
  },
  adminBadRequest: {
    status: 400,
    code: 'Sandbox.BadRequest',
    message: '{0}',
  },
} as const satisfies Record<string, SandboxErrorTemplate>;

/** A row of {@link SANDBOX_ERRORS}. */
export interface SandboxErrorTemplate {
  readonly status: number;
  readonly code: string;
  readonly message: string;
}

/** Names of the rows in {@link SANDBOX_ERRORS}. */
export type SandboxErrorKey = keyof typeof SANDBOX_ERRORS;

/** Extra JSON fields DingTalk adds to some errors. */
export interface SandboxErrorDetail {
  requiredScopes: string[];
}

/** An error answer in DingTalk's v1.0 shape, thrown inside the sandbox and written by the server. */
export class SandboxError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly accessDeniedDetail?: SandboxErrorDetail,
  ) {
    super(message);
    this.name = 'SandboxError';
  }

  /** The same error carrying DingTalk's `accessdenieddetail`. */
  withDetail(detail: SandboxErrorDetail): SandboxError {
    return new SandboxError(this.status, this.code, this.message, detail);
  }
}

function fill(template: string, args: readonly string[]): string {
  return template.replace(/\{(\d+)\}/g, (_match, index: string) => args[Number(index)] ?? '');
}

/** Builds the error of row `key`, filling its placeholders with `args`. */
export function sandboxError(key: SandboxErrorKey, ...args: string[]): SandboxError {
  const row: SandboxErrorTemplate = SANDBOX_ERRORS[key];
  return new SandboxError(row.status, fill(row.code, args), fill(row.message, args));
}
