/** API key accepted in sandbox mode when API_KEYS is unset. Only ever guards the sandbox. */
export const SANDBOX_API_KEY = 'sandbox-key';

/** The default world's app that holds every convFile scope. */
export const SANDBOX_APP_KEY = 'sandbox-app-key';

/** A SendByApp call the default world accepts: Alice may read the project space's report. */
export const SANDBOX_EXAMPLE = {
  unionId: 'union-alice',
  spaceId: 'space-project',
  dentryId: 'dentry-report',
} as const;
