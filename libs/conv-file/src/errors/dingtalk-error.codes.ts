/** DingTalk error codes the library acts on, and how it reads them: one place for every rule. */
export const DingTalkErrorCodes = {
  invalidToken: 'InvalidAuthentication',
  credentialsRejected: 'invalidClientIdOrSecret',
  permissionDenied: 'permissionDenied',
  monthlyQuota: 'Forbidden.AccessDenied.ApiCountLimitForOrg',
  notFound: ['conversationNotExist', 'spaceNotExist', 'dentryNotExist'] as readonly string[],
} as const;

/** `Forbidden.AccessDenied.Qps*` (per second) and `Qpm*` (per minute): refused before running. */
export function throttlingWindowSeconds(code: string): 1 | 60 | undefined {
  if (code.startsWith('Forbidden.AccessDenied.Qps')) return 1;
  if (code.startsWith('Forbidden.AccessDenied.Qpm')) return 60;
  return undefined;
}

/** DingTalk's own failures: the call may or may not have run. DingTalk also sends `system.error` with 400. */
const FAILURE_CODES = new Set(['systemError', 'system.error', 'unknownError']);

/** True when DingTalk failed on its side (a 5xx, or a failure code with any status). */
export function isDingTalkFailure(code: string, status: number): boolean {
  return status >= 500 || FAILURE_CODES.has(code);
}

export function isParamErrorCode(code: string): boolean {
  return code === 'paramError' || code.startsWith('paramError.');
}
