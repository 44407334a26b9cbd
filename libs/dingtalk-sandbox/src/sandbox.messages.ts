/**
 * Every text the sandbox answers, throws or prints, in one place. None may include a token, a
 * secret, a query string or a body: they name the option, the field or the entry instead.
 */

/** A row of {@link SANDBOX_ERRORS}. */
export interface SandboxErrorTemplate {
  readonly status: number;
  readonly code: string;
  readonly message: string;
}

/**
 * Every error the sandbox answers over HTTP, in one table. `code` and `message` may hold `{0}`,
 * `{1}` placeholders filled from the arguments given to `sandboxError`.
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
  revokedAccessToken: {
    status: 400,
    code: 'InvalidAuthentication',
    message: 'The access token is invalid: corp {0} no longer authorizes suite {1}.',
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
  notJsonBody: {
    status: 400,
    code: 'paramError',
    message: 'The request body must be JSON (content-type: application/json).',
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

/** Names of the rows in {@link SANDBOX_ERRORS}. */
export type SandboxErrorKey = keyof typeof SANDBOX_ERRORS;

/** The HTML page of DingTalk's per-IP block answer (not the JSON error shape). */
export const IP_BLOCK_PAGE =
  '<!DOCTYPE html><html><head><meta charset="utf-8"><title>Access denied</title></head>' +
  '<body><h1>Access denied</h1><p>Too many requests from your IP. Please retry later.</p>' +
  '</body></html>';

/** Every text the sandbox throws (bad options, faults, worlds) or prints (CLI, logger). */
export const SandboxMessages = {
  // Options of createDingTalkSandbox.
  positiveInteger: (name: string, value: unknown) =>
    `${name} must be a positive integer, got ${String(value)}`,
  nonNegativeMs: (name: string, value: unknown) =>
    `${name} must be a non-negative number of milliseconds, got ${String(value)}`,

  // Fault injection (from code and from POST /__sandbox/faults).
  faultCode: 'fault code must be a non-blank string',
  faultStatus: 'fault status must be an integer from 400 to 599',
  faultMessage: 'fault message must be a string',
  faultCount: 'fault count must be a positive integer',
  dropWhen: 'drop "when" must be "before" or "after"',
  blockFormat: 'block format must be "html" or "json"',
  blockStatus: 'block status must be an integer from 200 to 599',
  unknownApi: (api: unknown) => `unknown api "${String(api)}"`,
  faultType: 'type must be one of latency, error, drop, ipBlock',
  unknownFaultFields: (type: string, fields: readonly string[]) =>
    `unknown field(s) ${fields.join(', ')} for a ${type} fault`,

  // DingTalk's callback crypto: never the key, the token or the text.
  cryptoBadAesKey: 'aesKey must be 43 characters of the base64 alphabet (A-Z, a-z, 0-9, +, /)',
  cryptoBadRandom: 'random must be 16 bytes',
  cryptoNotBase64: 'encrypt is not base64',
  cryptoBadLength: 'encrypt does not hold a whole message (wrong length)',
  cryptoBadPadding: 'encrypt has bad padding (wrong aesKey?)',
  cryptoNotUtf8: 'encrypt does not hold UTF-8 text',
  cryptoOwnerKey: 'encrypt was sealed for another owner key',

  // Event pushes to a suite's callback URL (sandbox.pushSuiteTicket, POST /__sandbox/suites/…/ticket).
  pushNoCallback: (suiteKey: string) =>
    `suite "${suiteKey}" has no callback (token and aesKey) in the world, so nothing can be pushed`,
  pushNoUrl: (suiteKey: string) =>
    `suite "${suiteKey}" has no callback.url in the world: give the url to push to`,
  pushBadUrl: 'url must be an absolute http: or https: URL',
  pushRotate: 'rotate must be true or false',
  pushEvent: 'event must be suite_ticket or check_url',
  pushRotateCheckUrl: 'rotate applies to suite_ticket pushes only',
  unknownPushFields: (fields: readonly string[]) =>
    `unknown field(s) ${fields.join(', ')} for a push (url, rotate, event)`,
  pushClosed: 'the sandbox closed before the app answered',
  pushTimedOut: (ms: number) => `no answer within ${ms} ms`,
  pushUnreachable: (reason: string) => `no answer from the callback URL (${reason})`,
  pushAnswerTooLarge: (bytes: number) => `the answer is larger than ${bytes} bytes`,
  pushStatus: (status: number) => `the app answered HTTP ${status}, not 2xx`,
  pushNotJson: 'the answer is not JSON',
  pushNotObject: 'the answer is JSON, but not an object',
  pushAnswerField: (field: string) => `the answer's ${field} must be a non-empty string`,
  pushBadSignature:
    "the answer's msg_signature is not the signature of the callback token, timeStamp, nonce and encrypt",
  pushUndecryptable: (reason: string) => `the answer's encrypt cannot be read: ${reason}`,
  pushNotSuccess: 'the answer\'s encrypt does not hold "success"',

  // The optional logger; never tokens, secrets, query strings or bodies.
  logAnswer: (method: string, path: string, status: number, code?: string, requestId?: string) =>
    [method, path, String(status), code, requestId].filter((part) => part !== undefined).join(' '),
  logDropped: (method: string, path: string) => `${method} ${path} dropped`,
  logPush: (
    event: string,
    suiteKey: string,
    delivered: boolean,
    status?: number,
    reason?: string,
  ) =>
    [`PUSH ${event} ${suiteKey}`, status === undefined ? undefined : String(status)]
      .concat(delivered ? 'delivered' : `not delivered: ${reason ?? ''}`)
      .filter((part) => part !== undefined)
      .join(' '),
  logFailed: (method: string, path: string, reason: string) =>
    `${method} ${path} failed: ${reason}`,

  // Worlds: labels name the entry, problems say what is wrong with it.
  worldEntry: (label: string, problem: string) => `${label}: ${problem}`,
  worldIndexLabel: (collection: string, index: number) => `${collection}[${index}]`,
  worldIdLabel: (collection: string, index: number, idKey: string, id: string) =>
    `${collection}[${index}] (${idKey} "${id}")`,
  worldNestedLabel: (parent: string, child: string) => `${parent}.${child}`,
  worldCallLabel: (method: string, args: readonly string[]) =>
    `${method}(${args.map((arg) => `"${arg}"`).join(', ')})`,
  worldNotAnObject: 'must be an object',
  worldUnknownFields: (fields: readonly string[]) => `unknown field(s) ${fields.join(', ')}`,
  worldBlank: (field: string) => `${field} must be a non-blank string`,
  worldNotString: (field: string) => `${field} must be a string`,
  worldNotTextList: (field: string) => `${field} must be an array of non-blank strings`,
  worldNotCount: (field: string) => `${field} must be a non-negative integer`,
  worldNotTime: (field: string) =>
    `${field} must be an ISO 8601 date-time such as 2024-01-01T10:00:00Z`,
  worldNotChoice: (field: string, values: readonly string[]) =>
    `${field} must be one of ${values.join(', ')}`,
  worldNotList: (field: string) => `${field} must be an array`,
  worldBadAesKey:
    'aesKey must be 43 characters of the base64 alphabet (A-Z, a-z, 0-9, +, /), as DingTalk shows it',
  worldNotHttpUrl: (field: string) => `${field} must be an absolute http: or https: URL`,
  worldDuplicate: (idKey: string, id: string) => `duplicate ${idKey} "${id}"`,
  worldRootDentryId: (rootId: string) =>
    `id "${rootId}" is the id of a space's root, the parent of its top-level entries`,
  worldNoSuchSpace: (spaceId: string) => `space "${spaceId}" does not exist`,
  worldNoSuchSuite: 'no such suite',
  worldParentNotFolder: (parentId: string) =>
    `parentId "${parentId}" is not a folder listed earlier in the space`,
  worldNotAUser: (role: string, unionId: string) =>
    `${role} "${unionId}" is not a user of the world`,
  worldUserOfOtherCorp: (role: string, unionId: string, userCorpId: string, corpId: string) =>
    `${role} "${unionId}" belongs to corp "${userCorpId}", not "${corpId}"`,
  worldSpaceMissing: (spaceId: string) => `spaceId "${spaceId}" is not a space of the world`,
  worldSpaceOfOtherCorp: (spaceId: string, spaceCorpId: string, corpId: string) =>
    `space "${spaceId}" belongs to corp "${spaceCorpId}", not "${corpId}"`,
  worldUnreadable: (path: string, reason: string) => `Cannot read sandbox world ${path}: ${reason}`,
  worldInvalid: (path: string, reason: string) => `Invalid sandbox world ${path}: ${reason}`,

  // The CLI (npm run sandbox).
  cliBadPort: (value: string) => `SANDBOX_PORT must be an integer from 0 to 65535, got "${value}"`,
  cliListening: (url: string) => `DingTalk sandbox listening on ${url}`,
  cliWorld: (path: string) => `World: ${path}`,
  cliDefaultApps:
    "Internal apps, with the sandbox's own fake credentials (never real DingTalk ones) (appKey / appSecret: scopes):",
  cliDefaultApp: (appKey: string, appSecret: string, scopes: readonly string[]) =>
    `  ${appKey} / ${appSecret}: ${scopes.join(', ') || 'no scopes'}`,
  cliDefaultSuite: (suiteKey: string, secret: string, ticket: string, corpIds: readonly string[]) =>
    `Suite ${suiteKey} / ${secret}, ticket ${ticket}, corps ${corpIds.join(', ')}`,
  cliDefaultCallback: (suiteKey: string, token: string, aesKey: string) =>
    `  callback token ${token}, aesKey ${aesKey}; push a ticket with POST /__sandbox/suites/${suiteKey}/ticket {"url":"<your callback URL>"}`,
  cliWorldApps: 'Internal apps (appKey: scopes; secrets are in the world file):',
  cliWorldApp: (appKey: string, scopes: readonly string[]) =>
    `  ${appKey}: ${scopes.join(', ') || 'no scopes'}`,
  cliWorldSuite: (suiteKey: string, corpIds: readonly string[]) =>
    `Suite ${suiteKey}, corps ${corpIds.join(', ')} (secret and ticket are in the world file)`,
  cliAdmin: (url: string) =>
    `Admin: ${url}/__sandbox/{deliveries,pushes,stats,faults,world,reset} (see the README for suites/…)`,
  cliFailed: (reason: string) => `The DingTalk sandbox could not start: ${reason}`,
} as const;
