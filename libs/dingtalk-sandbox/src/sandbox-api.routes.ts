/** The DingTalk APIs the sandbox simulates, named as the official SDK names its actions. */
export type SandboxApi =
  'GetAccessToken' | 'GetCorpAccessToken' | 'SendLink' | 'SendByApp' | 'Send' | 'GetSpace';

/** Every simulated API, in a stable order (used for stats and validation). */
export const SANDBOX_APIS: readonly SandboxApi[] = [
  'GetAccessToken',
  'GetCorpAccessToken',
  'SendLink',
  'SendByApp',
  'Send',
  'GetSpace',
];

/** The scopes (DingTalk "permissions") the convFile APIs require. */
export const CONV_FILE_SCOPES = {
  fileSend: 'ConvFile.File.Send',
  spaceRead: 'ConvFile.Space.Read',
} as const;

/** The APIs that deliver a file and are therefore recorded as deliveries. */
export type SandboxDeliveryApi = Extract<SandboxApi, 'SendLink' | 'SendByApp' | 'Send'>;

/** One HTTP route of the simulated DingTalk surface. */
export interface SandboxRoute {
  readonly api: SandboxApi;
  readonly method: 'POST';
  readonly path: string;
  /** Scope checked on the access token; token endpoints have none. */
  readonly requiredScope?: string;
}

const ROUTES: readonly SandboxRoute[] = [
  { api: 'GetAccessToken', method: 'POST', path: '/v1.0/oauth2/accessToken' },
  { api: 'GetCorpAccessToken', method: 'POST', path: '/v1.0/oauth2/corpAccessToken' },
  {
    api: 'SendLink',
    method: 'POST',
    path: '/v1.0/convFile/conversations/files/links/send',
    requiredScope: CONV_FILE_SCOPES.fileSend,
  },
  {
    api: 'SendByApp',
    method: 'POST',
    path: '/v1.0/convFile/apps/conversations/files/send',
    requiredScope: CONV_FILE_SCOPES.fileSend,
  },
  {
    api: 'Send',
    method: 'POST',
    path: '/v1.0/convFile/conversations/files/send',
    requiredScope: CONV_FILE_SCOPES.fileSend,
  },
  {
    api: 'GetSpace',
    method: 'POST',
    path: '/v1.0/convFile/conversations/spaces/query',
    requiredScope: CONV_FILE_SCOPES.spaceRead,
  },
];

/** Finds the route for a request; a known path with the wrong method is not a route (DingTalk answers 404). */
export function findRoute(method: string | undefined, pathname: string): SandboxRoute | undefined {
  return ROUTES.find((route) => route.path === pathname && route.method === method);
}

/** Type guard for API names arriving from outside (admin route, world files). */
export function isSandboxApi(value: unknown): value is SandboxApi {
  return typeof value === 'string' && (SANDBOX_APIS as readonly string[]).includes(value);
}
